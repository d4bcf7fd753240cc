from setuptools import find_packages, setup

setup(
    name="leanengine",
    version="0.1.0",
    description="LeanCloud-compatible cloud functions, storage SDK and self-hostable API server",
    long_description=open("README.md", encoding="utf-8").read(),
    long_description_content_type="text/markdown",
    # ``leancloud``: LeanCloud's SDK module paths, for apps that import them unchanged.
    packages=find_packages(include=["leanengine", "leanengine.*", "leancloud", "leancloud.*"]),
    package_data={"leanengine": ["py.typed"]},
    python_requires=">=3.10",
    install_requires=[
        "werkzeug>=3,<4",
        "gevent>=23",
        "requests>=2.28",
        "itsdangerous>=2",
        "google-re2>=1.1",
        "lark>=1.1",
        "captcha>=0.5",  # captcha images (PNG); brings Pillow
    ],
    extras_require={
        "test": ["pytest>=7", "pytest-timeout>=2", "gunicorn[gevent]>=21", "hypothesis>=6",
                 "PyJWT[crypto]>=2.8"],
        # verifies Sign in with Apple's identity tokens (authData.lc_apple / apple)
        "authdata": ["PyJWT[crypto]>=2.8"],
        "postgres": ["psycopg[binary]>=3.1", "psycopg_pool>=3.1"],
        # gunicorn's gevent worker needs its [gevent] extra (it imports `packaging`).
        "deploy": ["gunicorn[gevent]>=21"],
    },
    entry_points={"console_scripts": ["leanengine=leanengine.cli:main"]},
)
