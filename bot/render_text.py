"""Render a Reply as plain text: the console chat and logs."""

from __future__ import annotations

from handlers.core import EM_END, EM_START, Button, Reply


def command_line(button: Button) -> str:
    return " ".join(["/" + button.command, *button.args])


def render_text(reply: Reply) -> str:
    """Sections as blocks, fields as «name: value» lines, buttons as the commands they run."""
    blocks: list[str] = []
    for section in reply.sections:
        lines: list[str] = []
        head = " ".join(x for x in (section.emoji, section.title) if x)
        if head:
            lines.append(head)
        if section.text:
            lines.append(section.text)
        for f in section.fields:
            if "\n" in f.value:
                lines.append(f"{f.name}:")
                lines.extend("  " + v for v in f.value.splitlines())
            else:
                lines.append(f"{f.name}: {f.value}")
        if section.url:
            lines.append(section.url)
        if section.footer:
            lines.append(section.footer)
        blocks.append("\n".join(lines))
    for row in reply.buttons:
        blocks.append("  ".join(f"[{b.label}: {command_line(b)}]" for b in row))
    return "\n\n".join(b for b in blocks if b).replace(EM_START, "").replace(EM_END, "")
