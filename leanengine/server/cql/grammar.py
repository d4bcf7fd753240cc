"""The CQL grammar (LeanCloud's Cloud Query Language) and its LALR parser.

Keywords are case-insensitive. The contextual lexer makes a keyword a keyword only where
the grammar expects one, so most field names that look like keywords (``name``, ``date``,
``count``) still work as keys; any other can be written in backquotes (`` `order` ``).
Function names (``pointer``, ``date``, ``size``, ``count``, ...) are plain names here:
the translator decides which ones exist.
"""

from __future__ import annotations

from functools import lru_cache

from lark import Lark

CQL_GRAMMAR = r"""
start: _statement ";"?

_statement: select | insert | update | delete

// ---- select -------------------------------------------------------------------
select: "select"i select_items "from"i class_name [where] [tail]

select_items: select_item ("," select_item)*
select_item: "*"                                  -> all_keys
           | "include"i key                       -> include_key
           | NAME "(" call_target ")"             -> call_item
           | key                                  -> plain_key
!call_target: "*" | key

where: "where"i _condition

tail: order_clause [limit_clause]
    | limit_clause [order_clause]

order_clause: "order"i "by"i order_item ("," order_item)*
order_item: [SIGN] key [DIRECTION]
SIGN: "+" | "-"
DIRECTION: "asc"i | "desc"i

limit_clause: "limit"i count_value ("," count_value)?
?count_value: NUMBER | PLACEHOLDER

// ---- conditions: or < and < not < predicate ----------------------------------------
_condition: disjunction
?disjunction: conjunction ("or"i conjunction)*
?conjunction: negation ("and"i negation)*
?negation: "not"i negation                        -> negate
         | "(" disjunction ")"
         | predicate

?predicate: key comparator value                 -> compare
          | key comparator subquery              -> compare_subquery
          | key "in"i in_target                  -> in_
          | key "not"i "in"i in_target           -> not_in
          | key "like"i value                    -> like
          | key "not"i "like"i value             -> not_like
          | key "regexp"i value                  -> regexp
          | key "not"i "regexp"i value           -> not_regexp
          | key "is"i "exists"i                  -> exists
          | key "is"i "not"i "exists"i           -> not_exists
          | key "all"i value_group               -> all_
          | NAME "(" key ")" comparator value    -> call_compare
          | key "near"i value [min_distance] [max_distance] -> near
          | key "within"i value "and"i value     -> within
          | RELATED key "to"i value              -> related

RELATED.2: /(?i:related|releated)\b/  // the guide spells the form "releated <key> to <pointer>"

!comparator: "=" | "!=" | "<>" | "<" | "<=" | ">" | ">="

?in_target: subquery
          | "(" _values? ")"                     -> value_list
          | PLACEHOLDER

?value_group: "(" _values? ")"                  -> value_list
            | array
            | PLACEHOLDER

subquery: "(" select ")"

min_distance: "min"i count_value [UNIT]
max_distance: "max"i count_value [UNIT]
UNIT: "km"i | "kilometers"i | "miles"i | "mi"i | "radians"i

// ---- insert / update / delete -------------------------------------------------------
insert: "insert"i "into"i class_name "(" column ("," column)* ")" "values"i row ("," row)*
row: "(" _values? ")"

update: "update"i class_name "set"i assignment ("," assignment)* where
assignment: column "=" value

delete: "delete"i "from"i class_name where

// ---- names and values ---------------------------------------------------------------
class_name: NAME | QUOTED_NAME
column: NAME | QUOTED_NAME
key: (NAME | QUOTED_NAME) ("." (NAME | QUOTED_NAME))*

?value: STRING
      | NUMBER
      | "true"i                                   -> true
      | "false"i                                  -> false
      | "null"i                                   -> null
      | PLACEHOLDER
      | call
      | array
      | object

call: NAME "(" _values? ")"
array: "[" _values? "]"
object: "{" (pair ("," pair)*)? "}"
_values: value ("," value)*
pair: (NAME | STRING) ":" value

PLACEHOLDER: "?"
NAME: /[A-Za-z_][A-Za-z0-9_]*/
QUOTED_NAME: /`[A-Za-z_][A-Za-z0-9_]*`/
STRING: /'(?:[^'\\]|\\.|'')*'/s | /"(?:[^"\\]|\\.|"")*"/s
NUMBER: /-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/

%import common.WS
%ignore WS
"""


@lru_cache(maxsize=1)
def parser() -> Lark:
    """The shared parser (built once; Lark's LALR parser is safe to reuse across threads)."""
    return Lark(CQL_GRAMMAR, parser="lalr", lexer="contextual", maybe_placeholders=True)
