"""The web side of the Todo app: log in, see and add todos. The login is kept by the
cookie session (wsgi.py), so ``User.get_current()`` works on every page."""

from html import escape
from urllib.parse import urlencode

from werkzeug.exceptions import HTTPException
from werkzeug.routing import Map, Rule
from werkzeug.utils import redirect
from werkzeug.wrappers import Request, Response

from leanengine import LeanCloudError, Query, User

from .cloud import Todo

url_map = Map([
    Rule("/", endpoint="index", methods=["GET"]),
    Rule("/login", endpoint="login", methods=["POST"]),
    Rule("/logout", endpoint="logout", methods=["POST"]),
    Rule("/todos", endpoint="add_todo", methods=["POST"]),
])

PAGE = """<!doctype html><meta charset="utf-8"><title>Todos</title>
<h1>Todos</h1>{body}"""

LOGIN_FORM = """<form method="post" action="/login">
<input name="username" placeholder="username"> <input name="password" type="password"
placeholder="password"> <button>Log in</button></form>"""


def index(request):
    user = User.get_current()
    if user is None:
        return page(f"<p>{escape(request.args.get('error', ''))}</p>{LOGIN_FORM}")
    try:
        todos = Query(Todo).equal_to("owner", user).descending("createdAt").find()
        items = "".join(f"<li>{escape(todo.get('title') or '')}</li>" for todo in todos)
    except LeanCloudError as exc:
        items = f"<li>could not load todos: {escape(exc.error)}</li>"
    return page(
        f"<p>Logged in as {escape(user.get('username') or user.id or '')}.</p>"
        '<form method="post" action="/logout"><button>Log out</button></form>'
        '<form method="post" action="/todos"><input name="title"> <button>Add</button></form>'
        f"<ul>{items}</ul>")


def login(request):
    user = User()
    try:
        user.login(request.form.get("username", ""), request.form.get("password", ""))
    except LeanCloudError as exc:  # the cookie session stores nothing for a failed login
        return redirect("/?" + urlencode({"error": exc.error}))
    return redirect("/")


def logout(request):
    user = User.get_current()
    if user is not None:
        user.logout()
    return redirect("/")


def add_todo(request):
    user = User.get_current()
    if user is None:
        return redirect("/")
    try:
        Todo(title=request.form.get("title", ""), owner=user).save()
    except LeanCloudError as exc:
        return redirect("/?" + urlencode({"error": exc.error}))
    return redirect("/")


def page(body: str) -> Response:
    return Response(PAGE.format(body=body), mimetype="text/html")


@Request.application
def web_app(request):
    try:
        endpoint, _ = url_map.bind_to_environ(request.environ).match()
    except HTTPException as exc:
        return exc
    return globals()[endpoint](request)
