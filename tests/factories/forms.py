"""What a browser would submit: the fields of a rendered form, posting them back, switching user."""

from __future__ import annotations

import re

from werkzeug.datastructures import MultiDict


def form_fields(html: str) -> dict[str, str]:
    """The values a browser would submit for a rendered form (inputs, selects, textareas)."""
    data: dict[str, str] = {}
    for tag in re.findall(r"<input[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        if not name:
            continue
        kind = re.search(r'type="([^"]+)"', tag)
        kind = kind.group(1) if kind else "text"
        value = re.search(r'value="([^"]*)"', tag)
        value = value.group(1) if value else ""
        if kind in ("checkbox", "radio"):
            if " checked" in tag:
                if name.group(1) in data:
                    data[name.group(1)] += "\x00" + value
                else:
                    data[name.group(1)] = value
            continue
        if kind == "submit":
            continue
        data[name.group(1)] = _unescape(value)
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(
            r'<option[^>]*selected[^>]*value="([^"]*)"|<option[^>]*value="([^"]*)"[^>]*selected', body
        )
        first = re.search(r'<option[^>]*value="([^"]*)"', body)
        if chosen:
            data[name] = _unescape(chosen.group(1) or chosen.group(2) or "")
        elif first:
            data[name] = _unescape(first.group(1))
    for name, body in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        data[name] = _unescape(body.lstrip("\n"))
    return data


def _unescape(value: str) -> str:
    import html

    return html.unescape(value)


def post_data(data: dict[str, str]) -> list[tuple[str, str]]:
    """Turn form_fields output into a list of pairs (multi-valued checkboxes split)."""
    pairs = []
    for key, value in data.items():
        for part in value.split("\x00"):
            pairs.append((key, part))
    return pairs


def open_form(client, url: str) -> dict[str, str]:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[-2000:]
    return form_fields(response.get_data(as_text=True))


def submit(client, url: str, fields: dict[str, str], **changes):
    data = dict(fields)
    for key, value in changes.items():
        data[key.replace("__", "-")] = value
    return client.post(url, data=MultiDict(post_data(data)))


def switch_user(client, login, user, page: str = "/patients/") -> None:
    """Log out whoever is logged in, then log in as `user`."""
    token = form_fields(client.get(page).get_data(as_text=True))["csrf_token"]
    client.post("/logout", data={"csrf_token": token})
    login(user)
