"""Hello-world Flask app: the baseline bench/throughput.py serves beside ptplan, same gunicorn settings."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    return "Hello, World!"
