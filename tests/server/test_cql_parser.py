"""CQL text -> statements: the where dicts are exactly what a REST client would send."""

import pytest

from leanengine.protocol.errors import LeanCloudError
from leanengine.server.cql import MAX_CQL_BYTES, Delete, Insert, Select, Update, parse


def where_of(cql, *pvalues):
    statement = parse(cql, list(pvalues))
    assert isinstance(statement, Select)
    return statement.where


def error_code(cql, *pvalues):
    with pytest.raises(LeanCloudError) as caught:
        parse(cql, list(pvalues))
    return caught.value.code


def geo(lng, lat):
    return {"__type": "GeoPoint", "latitude": lat, "longitude": lng}


# ---- select basics ------------------------------------------------------------------

def test_select_star_from_class():
    assert parse("select * from GameScore") == Select(class_name="GameScore")


def test_keywords_are_case_insensitive():
    statement = parse("SELECT * FROM GameScore WHERE score > 1 ORDER BY score DESC LIMIT 5")
    assert statement.where == {"score": {"$gt": 1}}
    assert statement.order == "-score"
    assert statement.limit == 5


def test_select_keys():
    statement = parse("select name, score from GameScore")
    assert statement.keys == ["name", "score"]
    assert statement.count is False


def test_trailing_semicolon_and_whitespace():
    assert parse("  select *\n from GameScore ;  ").class_name == "GameScore"


def test_count_only():
    statement = parse("select count(*) from GameScore where score > 60 and score <= 80")
    assert statement.count and statement.count_only
    assert statement.where == {"score": {"$gt": 60, "$lte": 80}}


def test_count_object_id_is_count():
    assert parse("select count(objectId) from GameScore").count_only


def test_count_with_objects():
    statement = parse("select count(*), * from GameScore")
    assert statement.count and not statement.count_only
    assert statement.keys is None


def test_count_with_keys():
    statement = parse("select count(*), name from GameScore")
    assert statement.count and not statement.count_only
    assert statement.keys == ["name"]


def test_count_of_a_key_is_refused():
    assert error_code("select count(name) from GameScore") == 300


def test_include_with_star():
    statement = parse("select include post, * from Comment")
    assert statement.include == ["post"]
    assert statement.keys is None


def test_several_includes_and_nested_include():
    statement = parse("select include post.category, include author from Comment")
    assert statement.include == ["post.category", "author"]
    assert statement.keys is None


def test_include_with_keys_keeps_the_included_field():
    statement = parse("select include post, title from Comment")
    assert statement.keys == ["title", "post"]


# ---- comparisons ----------------------------------------------------------------------

@pytest.mark.parametrize("op,rest", [
    ("<", "$lt"), ("<=", "$lte"), (">", "$gt"), (">=", "$gte"), ("!=", "$ne"), ("<>", "$ne"),
])
def test_comparison_operators(op, rest):
    assert where_of(f"select * from T where score {op} 10") == {"score": {rest: 10}}


def test_equality_is_plain_value():
    assert where_of("select * from T where name = 'dennis'") == {"name": "dennis"}


def test_literals():
    where = where_of("select * from T where a = 1 and b = -2.5 and c = true and d = false "
                     "and e = null and f = [1, 'x'] and g = 1e3")
    assert where == {"a": 1, "b": -2.5, "c": True, "d": False, "e": None, "f": [1, "x"], "g": 1000.0}
    assert isinstance(where["a"], int)


def test_string_quoting_and_escapes():
    where = where_of(r'''select * from T where s = 'it''s \d\u00e9\n' and t = "dq\"x" and u = "a""b"''')
    assert where == {"s": "it's \\dé\n", "t": 'dq"x', "u": 'a"b'}


def test_dotted_keys():
    assert where_of("select * from T where address.city = 'Paris'") == {"address.city": "Paris"}


def test_backquoted_key_may_be_a_keyword():
    assert where_of("select * from T where `order` = 1 and `select` = 2") == {"order": 1, "select": 2}


def test_keyword_like_names_work_unquoted():
    where = where_of("select * from T where name = 1 and date = 2 and count = 3 and size = 4")
    assert where == {"name": 1, "date": 2, "count": 3, "size": 4}


def test_json_object_literal_with_bare_keys():
    where = where_of("select * from Comment where post="
                     "{className:'Post', objectId:'51e3a334e4b0b3eb44adbe1a',__type:'Pointer'}")
    assert where == {"post": {"className": "Post", "objectId": "51e3a334e4b0b3eb44adbe1a",
                              "__type": "Pointer"}}


# ---- functions ------------------------------------------------------------------------

def test_date_function():
    where = where_of("select * from GameScore where createdAt < date('2011-08-20T02:06:57.931Z')")
    assert where == {"createdAt": {"$lt": {"__type": "Date", "iso": "2011-08-20T02:06:57.931Z"}}}


def test_bad_date_is_a_syntax_error():
    assert error_code("select * from T where createdAt < date('yesterday')") == 300


def test_pointer_function():
    where = where_of("select * from Comment where post=pointer('Post','51e3a359e4b015ead4d95ddc')")
    assert where == {"post": {"__type": "Pointer", "className": "Post",
                              "objectId": "51e3a359e4b015ead4d95ddc"}}


def test_pointer_to_invalid_class_name():
    assert error_code("select * from Comment where post=pointer('1Post','x')") == 103


def test_file_base64_and_current_timestamp():
    where = where_of("select * from T where f = file('abc') and b = base64('aGk=') "
                     "and u < current_timestamp()")
    assert where["f"] == {"__type": "File", "objectId": "abc"}
    assert where["b"] == {"__type": "Bytes", "base64": "aGk="}
    assert where["u"]["$lt"]["__type"] == "Date"
    assert where["u"]["$lt"]["iso"].endswith("Z")


def test_function_names_are_case_insensitive():
    assert where_of("select * from T where p = POINTER('Post', 'x')")["p"]["className"] == "Post"


def test_unknown_function():
    with pytest.raises(LeanCloudError) as caught:
        parse("select * from T where a = sleep(10)")
    assert caught.value.code == 300
    assert "sleep" in caught.value.error


def test_function_arity():
    assert error_code("select * from T where a = pointer('Post')") == 300


def test_bad_base64():
    assert error_code("select * from T where a = base64('***')") == 300


# ---- in, like, regexp, exists, arrays ---------------------------------------------------

def test_in_list():
    where = where_of("select * from GameScore where name in ('dennis','catty','green')")
    assert where == {"name": {"$in": ["dennis", "catty", "green"]}}


def test_not_in_list():
    where = where_of("select * from GameScore where name not in ('dennis','catty')")
    assert where == {"name": {"$nin": ["dennis", "catty"]}}


def test_in_placeholder_list():
    assert where_of("select * from T where a in ?", [1, 2]) == {"a": {"$in": [1, 2]}}


def test_in_placeholder_must_be_a_list():
    assert error_code("select * from T where a in ?", 5) == 300


def test_in_subquery_of_one_key_is_select():
    where = where_of("select * from Player where name in (select name from GameScore where score>80)")
    assert where == {"name": {"$select": {
        "query": {"className": "GameScore", "where": {"score": {"$gt": 80}}}, "key": "name"}}}


def test_not_in_subquery_is_dont_select():
    where = where_of("select * from Player where name not in (select name from GameScore)")
    assert where == {"name": {"$dontSelect": {"query": {"className": "GameScore", "where": {}},
                                              "key": "name"}}}


def test_equals_subquery():
    where = where_of("select * from Player where name =(select name from GameScore where score>80)")
    assert "$select" in where["name"]
    where = where_of("select * from Player where name !=(select name from GameScore where score<=80)")
    assert where["name"]["$dontSelect"]["query"]["where"] == {"score": {"$lte": 80}}


def test_in_subquery_of_star_is_in_query():
    where = where_of("select * from Comment where post in (select * from Post where image is exists)")
    assert where == {"post": {"$inQuery": {"className": "Post", "where": {"image": {"$exists": True}}}}}


def test_not_in_subquery_of_star_is_not_in_query():
    where = where_of("select * from Comment where post not in (select * from Post)")
    assert where == {"post": {"$notInQuery": {"className": "Post", "where": {}}}}


def test_subquery_keeps_its_limit_and_order():
    where = where_of("select * from Comment where post in "
                     "(select * from Post order by -likes limit 10)")
    assert where["post"]["$inQuery"] == {"className": "Post", "where": {}, "order": "-likes", "limit": 10}


def test_subquery_with_two_keys_is_refused():
    assert error_code("select * from P where a in (select a, b from Q)") == 300


def test_subquery_cannot_follow_less_than():
    assert error_code("select * from P where a < (select a from Q)") == 300


def test_like_becomes_anchored_regex():
    assert where_of("select * from GameScore where name like 'dennis%'") == \
        {"name": {"$regex": "^dennis.*$"}}


def test_like_escapes_regex_characters():
    regex = where_of("select * from T where name like '%a.b(c)%'")["name"]["$regex"]
    assert regex == r"^.*a\.b\(c\).*$"


def test_not_like():
    assert where_of("select * from T where name not like 'd%'") == \
        {"name": {"$not": {"$regex": "^d.*$"}}}


def test_regexp():
    assert where_of("select * from T where name regexp 'dennis.*'") == {"name": {"$regex": "dennis.*"}}


def test_not_regexp():
    assert where_of("select * from T where name not regexp 'dennis.*'") == \
        {"name": {"$not": {"$regex": "dennis.*"}}}


def test_like_needs_a_string():
    assert error_code("select * from T where name like ?", 5) == 300


def test_exists_and_not_exists():
    assert where_of("select * from T where level is exists") == {"level": {"$exists": True}}
    assert where_of("select * from T where level is not exists") == {"level": {"$exists": False}}


def test_array_equality_all_and_size():
    assert where_of("select * from GameScore where scores=100") == {"scores": 100}
    assert where_of("select * from GameScore where scores all (100,100)") == \
        {"scores": {"$all": [100, 100]}}
    assert where_of("select * from GameScore where size(scores) = 2") == {"scores": {"$size": 2}}


def test_size_only_with_equals():
    assert error_code("select * from GameScore where size(scores) > 2") == 300


def test_unknown_condition_function():
    assert error_code("select * from GameScore where length(scores) = 2") == 300


# ---- geo ---------------------------------------------------------------------------

def test_near_bracket_form_is_longitude_first():
    assert where_of("select * from Player where location near [116.4, 39.9]") == \
        {"location": {"$nearSphere": geo(116.4, 39.9)}}


def test_near_geopoint_function_with_max_km():
    where = where_of("select * from Player where location near geopoint(116.4, 39.9) max 1 km")
    assert where == {"location": {"$nearSphere": geo(116.4, 39.9), "$maxDistanceInKilometers": 1}}


@pytest.mark.parametrize("unit,op", [("miles", "$maxDistanceInMiles"), ("radians", "$maxDistanceInRadians"),
                                     ("", "$maxDistanceInRadians")])
def test_near_max_units(unit, op):
    where = where_of(f"select * from Player where location near [1, 2] max 0.5 {unit}")
    assert where["location"][op] == 0.5


def test_near_min_and_max():
    where = where_of("select * from Player where location near geopoint(116.4, 39.9) min 0.5 km max 1 km")
    condition = where["location"]
    assert condition["$maxDistanceInKilometers"] == 1
    assert condition["$minDistance"] == pytest.approx(0.5 / 6371.0)


def test_near_placeholder_geopoint():
    point = {"__type": "GeoPoint", "latitude": 1.5, "longitude": 2.5}
    assert where_of("select * from P where location near ? max ? km", point, 3) == \
        {"location": {"$nearSphere": point, "$maxDistanceInKilometers": 3}}


def test_near_needs_a_point():
    assert error_code("select * from P where location near 'here'") == 300
    assert error_code("select * from P where location near geopoint('a', 'b')") == 300


def test_within_box():
    where = where_of("select * from Player where location within [116.33, 39.97] and [116.37, 39.99]")
    assert where == {"location": {"$within": {"$box": [geo(116.33, 39.97), geo(116.37, 39.99)]}}}


def test_within_box_then_and():
    where = where_of("select * from Player where location within [1, 2] and [3, 4] and level > 3")
    assert where["level"] == {"$gt": 3}
    assert where["location"]["$within"]["$box"][1] == geo(3, 4)


def test_related_to():
    where = where_of("select * from _User where related likes to pointer('Post', '51e3a359e4b015ead4d95ddc')")
    assert where == {"$relatedTo": {"object": {"__type": "Pointer", "className": "Post",
                                               "objectId": "51e3a359e4b015ead4d95ddc"}, "key": "likes"}}


def test_related_as_the_guide_misspells_it():
    assert where_of("select * from _User where releated likes to pointer('Post', 'x')")["$relatedTo"]["key"] == "likes"


def test_related_needs_a_pointer():
    assert error_code("select * from _User where related likes to 'x'") == 300


# ---- and, or, not -----------------------------------------------------------------------

def test_and_merges_operators_on_one_key():
    assert where_of("select * from T where score>80 and score<=100") == {"score": {"$gt": 80, "$lte": 100}}


def test_and_precedes_or():
    where = where_of("select * from GameScore where score>80 and score<=100 or score=0")
    assert where == {"$or": [{"score": {"$gt": 80, "$lte": 100}}, {"score": 0}]}


def test_parentheses_group():
    where = where_of("select * from T where a = 1 and (b = 2 or c = 3)")
    assert where == {"a": 1, "$or": [{"b": 2}, {"c": 3}]}


def test_or_flattens():
    assert where_of("select * from T where a = 1 or (b = 2 or c = 3)") == \
        {"$or": [{"a": 1}, {"b": 2}, {"c": 3}]}


def test_conflicting_and_uses_dollar_and():
    assert where_of("select * from T where a = 1 and a = 2") == {"$and": [{"a": 1}, {"a": 2}]}
    assert where_of("select * from T where a > 1 and a > 2") == \
        {"$and": [{"a": {"$gt": 1}}, {"a": {"$gt": 2}}]}


def test_two_ors_anded():
    where = where_of("select * from T where (a = 1 or b = 2) and (c = 3 or d = 4)")
    assert where == {"$and": [{"$or": [{"a": 1}, {"b": 2}]}, {"$or": [{"c": 3}, {"d": 4}]}]}


def test_not_pushes_down_de_morgan():
    where = where_of("select * from T where not (a = 1 or b > 2 and c is exists)")
    assert where == {"a": {"$ne": 1}, "$or": [{"b": {"$lte": 2}}, {"c": {"$exists": False}}]}


def test_not_of_each_operator():
    assert where_of("select * from T where not a != 1") == {"a": 1}
    assert where_of("select * from T where not a in (1)") == {"a": {"$nin": [1]}}
    assert where_of("select * from T where not a >= 1") == {"a": {"$lt": 1}}
    assert where_of("select * from T where not not a < 1") == {"a": {"$lt": 1}}


def test_not_of_geo_near_is_refused():
    assert error_code("select * from T where not location near [1, 2]") == 300


def test_not_of_all_size_and_within_wraps_them():
    assert where_of("select * from T where not size(a) = 2") == {"a": {"$not": {"$size": 2}}}
    assert where_of("select * from T where not a all (1, 2)") == {"a": {"$not": {"$all": [1, 2]}}}
    assert where_of("select * from T where not p within [1, 2] and [3, 4]")["p"]["$not"]["$within"]


# ---- order, limit -------------------------------------------------------------------------

@pytest.mark.parametrize("clause,order", [
    ("order by score desc", "-score"),
    ("order by -score", "-score"),
    ("order by -score,name", "-score,name"),
    ("order by score,+name desc", "-score,name"),
    ("order by -score,name asc", "-score,name"),
    ("order by score desc, name asc", "-score,name"),
    ("order by createdAt", "createdAt"),
])
def test_order(clause, order):
    assert parse(f"select * from GameScore {clause}").order == order


def test_limit_and_skip():
    statement = parse("select * from Comment limit 100,10")
    assert (statement.skip, statement.limit) == (100, 10)
    statement = parse("select * from Comment limit 100")
    assert (statement.skip, statement.limit) == (0, 100)


def test_limit_before_or_after_order():
    first = parse("select * from honey limit 0,20 order by pubUser")
    second = parse("select * from honey order by pubUser limit 0,20")
    assert first == second
    assert (first.order, first.skip, first.limit) == ("pubUser", 0, 20)


def test_limit_placeholders():
    statement = parse("select * from GameScore where name=? and score>? limit ?,?", ["dennis", 60, 5, 10])
    assert statement.where == {"name": "dennis", "score": {"$gt": 60}}
    assert (statement.skip, statement.limit) == (5, 10)


def test_limit_must_be_an_integer():
    assert error_code("select * from T limit 1.5") == 300
    assert error_code("select * from T limit ?", "10") == 300
    assert error_code("select * from T limit ?", -1) == 300


# ---- placeholders ---------------------------------------------------------------------

def test_placeholders_bind_in_text_order():
    statement = parse("select * from T where a = ? and b in (?, ?) order by c limit ?", [1, 2, 3, 4])
    assert statement.where == {"a": 1, "b": {"$in": [2, 3]}}
    assert statement.limit == 4


def test_typed_pvalues_pass_through():
    date = {"__type": "Date", "iso": "2015-06-21T18:02:52.249Z"}
    pointer = {"__type": "Pointer", "className": "Post", "objectId": "abc"}
    assert where_of("select * from T where createdAt > ? and post = ?", date, pointer) == \
        {"createdAt": {"$gt": date}, "post": pointer}


def test_missing_pvalue_is_an_error():
    assert error_code("select * from T where a = ? and b = ?", 1) == 300


def test_surplus_pvalues_are_ignored():
    assert parse("select * from Linkfriend", [0]) == Select(class_name="Linkfriend")


def test_pvalue_cannot_smuggle_an_operator():
    assert error_code("select * from _User where username = ? and pin = ?", "bob", {"$exists": True}) == 300
    assert error_code("select * from T where a in (?)", {"$ne": 1}) == 300


def test_literal_object_cannot_be_an_operator():
    assert error_code("select * from T where a = {'$gt': 1}") == 300


def test_pvalue_text_is_never_parsed_as_cql():
    assert where_of("select * from T where a = ?", "x' or 1=1 --") == {"a": "x' or 1=1 --"}


# ---- insert, update, delete ------------------------------------------------------------

def test_insert():
    statement = parse("insert into Player(name, age) values('LeanCloud', 2)")
    assert statement == Insert(class_name="Player", rows=[{"name": "LeanCloud", "age": 2}])


def test_insert_several_rows_and_placeholders():
    statement = parse("insert into Player(name, age) values (?, ?), ('美味书签', 3)", ["a", 1])
    assert statement.rows == [{"name": "a", "age": 1}, {"name": "美味书签", "age": 3}]


def test_insert_pointer():
    statement = parse("insert into GameScore(player, score) values(pointer('Player','abc'), 100)")
    assert statement.rows[0]["player"] == {"__type": "Pointer", "className": "Player", "objectId": "abc"}


def test_insert_row_length_must_match():
    assert error_code("insert into Player(name, age) values('a')") == 300


def test_insert_duplicate_column():
    assert error_code("insert into Player(name, name) values('a', 'b')") == 300


def test_update():
    statement = parse("update GameScore set score=90, name='leancloud' where objectId='558e20cbe4b060308e3eb36c'")
    assert statement == Update(class_name="GameScore", object_id="558e20cbe4b060308e3eb36c",
                               fields={"score": 90, "name": "leancloud"}, where=None)


def test_update_with_op_and_condition():
    statement = parse("update Account set account=op('Decrement', {'amount': 50}) "
                      "where objectId='558e20cbe4b060308e3eb36c' and amount>=100")
    assert statement.fields == {"account": {"__op": "Decrement", "amount": 50}}
    assert statement.where == {"amount": {"$gte": 100}}
    assert statement.object_id == "558e20cbe4b060308e3eb36c"


def test_update_add_relation_op():
    statement = parse("update _User set friends=op('AddRelation', {'objects': [pointer('_User','u1')]}) "
                      "where objectId='558e'")
    assert statement.fields["friends"] == {
        "__op": "AddRelation", "objects": [{"__type": "Pointer", "className": "_User", "objectId": "u1"}]}


def test_update_placeholders():
    statement = parse("update GameScore set name=?,score=? where objectId=?", ["n", 3, "oid"])
    assert (statement.fields, statement.object_id) == ({"name": "n", "score": 3}, "oid")


def test_update_id_not_first_and_conflicting_conditions():
    statement = parse("update T set a=1 where b > 1 and b > 2 and objectId = 'x'")
    assert statement.object_id == "x"
    assert statement.where == {"$and": [{"b": {"$gt": 1}}, {"b": {"$gt": 2}}]}


def test_update_needs_object_id():
    assert error_code("update GameScore set score=90 where name='x'") == 300
    assert error_code("update GameScore set score=90 where objectId='a' or objectId='b'") == 300
    assert error_code("update GameScore set score=90") == 300


def test_unknown_op():
    assert error_code("update T set a=op('Explode', {}) where objectId='x'") == 300


def test_delete():
    assert parse("delete from GameScore where objectId='558e'") == \
        Delete(class_name="GameScore", object_id="558e", where=None)


def test_delete_with_condition_and_placeholder():
    statement = parse("delete from GameScore where objectId=? and score < 10", ["abc"])
    assert (statement.object_id, statement.where) == ("abc", {"score": {"$lt": 10}})


def test_delete_needs_object_id():
    assert error_code("delete from GameScore where score < 10") == 300
    assert error_code("delete from GameScore where objectId = ?", 12) == 300


# ---- names -----------------------------------------------------------------------------

def test_invalid_key_name_is_105():
    assert error_code("select * from T where __secret = 1") == 105
    assert error_code("insert into T(_x) values(1)") == 105


def test_invalid_class_name_is_103():
    assert error_code("select * from " + "C" * 200) == 103


# ---- syntax errors -------------------------------------------------------------------------

@pytest.mark.parametrize("cql", [
    "",
    "   ",
    "select",
    "select * from",
    "select * GameScore",
    "select * from T where",
    "select * from T where a ==",
    "select * from T where a = 1 and",
    "select * from T where (a = 1",
    "select * from T order by",
    "select * from T limit",
    "select * from T; drop table T",
    "drop table T",
    "select * from T where a = 'unterminated",
    "select * from T where a = 1 group by a",
    "select * from T where a @ 1",
    "insert into T values(1)",
    "update T set where objectId='x'",
    "delete T where objectId='x'",
    "select * from T where a = `b`",
])
def test_syntax_errors_are_300(cql):
    with pytest.raises(LeanCloudError) as caught:
        parse(cql)
    assert caught.value.code == 300
    assert caught.value.error


def test_syntax_error_message_points_at_the_problem():
    with pytest.raises(LeanCloudError) as caught:
        parse("select * from T where a = 1 frob")
    assert "column 29" in caught.value.error
    assert "frob" in caught.value.error


def test_statement_length_bound():
    long_value = "x" * MAX_CQL_BYTES
    assert error_code(f"select * from T where a = '{long_value}'") == 300


def test_deep_nesting_is_an_error_not_a_crash():
    assert error_code("select * from T where a = " + "[" * 1000 + "]" * 1000) == 300


def test_deep_parentheses_are_fine():
    assert where_of("select * from T where " + "(" * 1500 + "a=1" + ")" * 1500) == {"a": 1}


def test_numbers_stay_in_range():
    assert where_of("select * from T where a = 12345678901234567890123") == {"a": 1.2345678901234568e22}
    assert error_code("select * from T where a = 1e999") == 300


def test_syntax_error_message_says_what_was_expected():
    with pytest.raises(LeanCloudError) as caught:
        parse("select * form GameScore")
    assert "'form'" in caught.value.error and "'from'" in caught.value.error
    with pytest.raises(LeanCloudError) as caught:
        parse("select * from T where (a = 1")
    assert "end of statement" in caught.value.error and "')'" in caught.value.error


def test_any_token_soup_gives_a_statement_or_a_leancloud_error():
    import random

    vocabulary = ["select", "*", "from", "T", "where", "a", "=", "!=", "<", ">=", "(", ")", "?", "'x'",
                  "1", "-2.5", "and", "or", "not", "in", "like", "regexp", "is", "exists", "near", "[1, 2]",
                  "within", "max", "1", "km", "related", "to", "pointer('P', 'x')", "order", "by", "-",
                  "desc", "limit", ",", "insert", "into", "values", "update", "set", "delete", "count(*)",
                  "include", "size(a)", "all", "{", "}", ":", "date('x')", "op('Add', {})", ";", "`k`"]
    chooser = random.Random(20261125)
    for _ in range(3000):
        words = [chooser.choice(vocabulary) for _ in range(chooser.randint(1, 14))]
        if chooser.random() < 0.5:
            words = ["select", "*", "from", "T", "where"] + words
        try:
            parse(" ".join(words), [1, "a", None, [1], {"__type": "Date", "iso": "2020-01-01T00:00:00.000Z"}])
        except LeanCloudError as error:
            assert error.code in (103, 105, 300), error


def test_names_that_start_with_a_keyword_are_names():
    assert where_of("select * from T where relatedness = 1 and related_x = 2 and `related` = 3 "
                    "and notes = 4 and isbn = 5 and order_no = 6") == \
        {"relatedness": 1, "related_x": 2, "related": 3, "notes": 4, "isbn": 5, "order_no": 6}
