from dashboard.data.text import escape_markdown, plain, shorten

HOSTILE = ["[Session expired, click here](https://example.com/x)", "<b>bold</b><script>alert(1)</script>",
           "**strong** _em_ `code` $x^2$ ~~del~~", ":red[red] :material/home:", "www.example.com",
           "https://example.com/a", "a@example.com", "# heading", "> quote", "1. item"]


def test_escape_leaves_no_markdown_or_html_syntax_unescaped():
    for text in HOSTILE:
        escaped = escape_markdown(text)
        # every ASCII punctuation mark is preceded by a backslash (or by one and a word joiner)
        bare = escaped.replace("\u2060", "")
        index = 0
        while index < len(bare):
            if bare[index] == "\\":
                index += 2
                continue
            assert bare[index].isalnum() or bare[index] == " " or not bare[index].isascii(), (text, escaped)
            index += 1


def test_escape_breaks_autolinks_and_keeps_the_visible_text():
    assert "www." not in escape_markdown("www.example.com").replace("\\", "")
    assert "://" not in escape_markdown("https://example.com").replace("\\", "")
    for text in HOSTILE:
        assert escape_markdown(text).replace("\u2060", "").replace("\\", "") == text.replace("\\", "")


def test_control_characters_become_spaces_and_long_text_is_cut():
    assert plain("a\nb\x00c\u2028d") == "a b c d"
    assert escape_markdown("line\n# heading") == "line \\# heading"
    assert shorten("x" * 50) == "x" * 39 + "…"
    assert shorten("short") == "short"


def test_marked_escapes_every_piece_and_only_the_marks_are_markup():
    from dashboard.data.text import marked

    text = "**a** <b>b</b> [c](http://e.com)"
    out = marked(text, [(0, 5), (6, 9), (3, 7)], escape_markdown)  # an overlap is marked once, not twice
    assert out.count("<mark>") == 3
    assert out.replace("<mark>", "").replace("</mark>", "") == escape_markdown(text)
    assert "<b>" not in out and "](http" not in out and "**a" not in out
    assert marked("abc", [], escape_markdown) == "abc"
