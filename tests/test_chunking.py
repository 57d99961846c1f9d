from mediation.chunking import MAX_TOKENS, approx_tokens, chunk_document
from mediation.documents import Document


def make_doc(text: str, **meta) -> Document:
    fields = dict(doc_id="d1", title="标题", citation="《测试》", jurisdiction="CN", kind="regulation", lang="zh")
    fields.update(meta)
    return Document(text=text, source="d1.md", sha256="0", **fields)


ARTICLE = "借款人逾期后，机构应当依法催收，不得使用暴力、恐吓、侮辱等手段，并应当保护借款人的个人信息和隐私。" * 2


def test_each_article_is_its_own_chunk():
    text = "\n".join(f"第{n}条 {ARTICLE}" for n in "一二三")
    chunks = chunk_document(make_doc(text))
    assert [c.text[:3] for c in chunks] == ["第一条", "第二条", "第三条"]
    assert [c.chunk_id for c in chunks] == ["d1#1", "d1#2", "d1#3"]


def test_chapters_and_headings_become_the_heading_path():
    text = f"第一章 总则\n第一条 {ARTICLE}\n第二章 催收行为\n第二条 {ARTICLE}"
    chunks = chunk_document(make_doc(text))
    assert [c.heading for c in chunks] == ["第一章 总则", "第二章 催收行为"]
    assert chunks[1].embedding_text().startswith("标题 / 第二章 催收行为\n第二条")


def test_markdown_headings_nest():
    text = "# Part A\n## Calls\n(a) " + "No calls before 8am. " * 10 + "\n## Visits\n(a) " + "Two people. " * 20
    chunks = chunk_document(make_doc(text, lang="en"))
    assert [c.heading for c in chunks] == ["Part A / Calls", "Part A / Visits"]


def test_us_sections_and_numbered_clauses_split():
    text = "\n".join(f"§ {n} " + "A collector must not call at inconvenient times. " * 8 for n in range(1, 4))
    assert len(chunk_document(make_doc(text, lang="en"))) == 3


def test_small_clauses_are_merged_and_long_ones_split():
    small = "\n".join(f"{n}. 短条款。" for n in range(1, 6))
    assert len(chunk_document(make_doc(small))) == 1
    long_clause = "第一条 " + "这是一句很长的规定内容。" * 120
    chunks = chunk_document(make_doc(long_clause))
    assert len(chunks) > 1
    assert all(approx_tokens(c.text) <= MAX_TOKENS + 5 for c in chunks)
    assert "".join(c.text for c in chunks).replace("\n", "") == long_clause.replace("\n", "")


def test_every_chunk_carries_the_document_metadata():
    chunk = chunk_document(make_doc(f"第一条 {ARTICLE}", citation="《规则》第一条"))[0]
    assert (chunk.doc_id, chunk.citation, chunk.jurisdiction, chunk.lang) == ("d1", "《规则》第一条", "CN", "zh")
