import pytest

from mediation.documents import find_documents, load_document, split_front_matter
from mediation.errors import BadRequest

from conftest import DATA


def test_front_matter_gives_the_metadata():
    doc = load_document(DATA / "corpus" / "quiet-hours.md")
    assert (doc.doc_id, doc.citation, doc.jurisdiction, doc.kind, doc.lang) == (
        "t-quiet-hours", "测试规程 第一条", "CN", "regulation", "zh",
    )  # fmt: skip
    assert doc.text.startswith("第一条")


def test_plain_text_uses_the_file_stem_and_guesses_the_language():
    doc = load_document(DATA / "corpus" / "plain-note.txt")
    assert doc.doc_id == "plain-note" and doc.lang == "zh"


def test_unclosed_front_matter_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.md"
    bad.write_text("---\nid: x\nno closing line\n", encoding="utf-8")
    with pytest.raises(BadRequest, match=r"bad\.md"):
        load_document(bad)


def test_front_matter_must_be_a_mapping():
    with pytest.raises(BadRequest):
        split_front_matter("---\n- a list\n---\nbody")


def test_docx_is_read(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("第一条 借款人有权查询还款计划。")
    document.save(tmp_path / "rules.docx")
    assert "查询还款计划" in load_document(tmp_path / "rules.docx").text


def test_pdf_is_read(tmp_path):
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(width=300, height=200)
    font = DictionaryObject({
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica"),
    })  # fmt: skip
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
    )
    stream = DecodedStreamObject()
    stream.set_data(b"BT /F1 12 Tf 20 100 Td (Collectors must not call after 9 pm.) Tj ET")
    page[NameObject("/Contents")] = writer._add_object(stream)
    with open(tmp_path / "rule.pdf", "wb") as out:
        writer.write(out)
    assert "must not call after 9 pm" in load_document(tmp_path / "rule.pdf").text


def test_find_documents_skips_hidden_and_unsupported(tmp_path):
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.md").write_text("x")
    (tmp_path / "data.jsonl").write_text("{}")
    (tmp_path / "a.md").write_text("a")
    assert [p.name for p in find_documents([tmp_path])] == ["a.md"]
    with pytest.raises(BadRequest):
        find_documents([tmp_path / "data.jsonl"])
