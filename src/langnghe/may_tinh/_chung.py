"""What the calculators share: their two-column result table."""


def bang_ket_qua(rows: list[tuple[str, str]]) -> str:
    """An HTML table of (label, value) rows, values right-aligned."""
    body = "".join(
        f"<tr><td style='padding:2px 12px 2px 0'>{label}</td><td style='text-align:right'>{value}</td></tr>"
        for label, value in rows
    )
    return f"<table>{body}</table>"
