"""The look of the app's modal panels (help, import/export, status change, detected changes):
the screen centred over the app, its panel framed in the accent colour."""

from __future__ import annotations


def panel_css(
    screen: str,
    panel: str,
    *,
    width: int,
    height: str = "auto",
    max_height: str | None = "90%",
    padding: str = "1 2",
) -> str:
    """CSS for the modal ``screen`` (its class name) and its panel (widget id ``panel``)."""
    limit = f"\n        max-height: {max_height};" if max_height else ""
    return f"""
    {screen} {{
        align: center middle;
    }}
    {screen} #{panel} {{
        width: {width};
        max-width: 100%;
        height: {height};{limit}
        border: round $accent;
        border-title-color: $accent;
        background: $surface;
        padding: {padding};
    }}
    """
