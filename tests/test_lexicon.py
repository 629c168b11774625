"""Rule 6, the lexicon of common 公文 slips: the data loads and is big and broad enough; every group
finds its slips exactly where they are and with the right fix, and stays quiet where the same
characters are correct text; the seeds' lexicon slips are found on their lines; the library's
reviewed text and a set of ordinary correct sentences produce no finding at all."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from conftest import REPO, SEEDS
from drafter.check import check_path
from drafter.check.rules import lexicon as L
from drafter.errors import DrafterError

DATA = REPO / "drafter" / "check" / "data" / "lexicon"


@pytest.fixture(scope="module")
def lexicon():
    return L.lexicon_for(None)


def hits(lexicon, text):
    """(characters flagged, level, replacement) of every slip in *text*."""
    return [(text[s:e], entry.level, right) for s, e, entry, right in lexicon.scan(text)]


# -- the data ----------------------------------------------------------------------------------------
def test_the_data_loads_big_and_broad():
    entries = L.builtin_entries()
    groups = Counter(e.group for e in entries)
    assert len(entries) >= 800, len(entries)
    assert len(groups) >= 8, groups
    for group in ("错别字", "近义混淆", "语病", "公文用语", "称谓规范", "标点", "数字与计量", "政治术语"):
        assert groups[group] >= 10, (group, groups[group])
    assert {e.level for e in entries} == set(L.LEVELS)
    assert all(e.note for e in entries), [e.shown for e in entries if not e.note]
    keys = Counter((e.shown, e.level, e.conds) for e in entries)
    assert not [k for k, n in keys.items() if n > 1]  # no entry twice, in one file or two


@pytest.mark.parametrize("path", sorted(DATA.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_file_validates_in_full(path):
    """The process cache skips validation: here every file goes through it, every expression is
    compiled, and no two entries of a file claim the same slip at the same level."""
    spec, entries = L.load_file(path)
    assert spec.group and entries
    for e in entries:
        if e.pattern is not None:
            re.compile(e.pattern)
        for side, context, wanted in e.conds:
            if isinstance(context, str):
                re.compile(context)
        if e.level == "必错":
            assert e.right is not None, e.shown
    keys = Counter((e.shown, e.level, e.conds) for e in entries)
    assert not [k for k, n in keys.items() if n > 1]


def test_the_cache_holds_what_validation_gives(tmp_path, monkeypatch):
    monkeypatch.setenv("DRAFTER_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(L, "_BUILTIN", None)
    fresh = L.builtin_entries()  # validated, then stored
    assert (tmp_path / "lexicon" / "builtin.json").is_file()
    monkeypatch.setattr(L, "_BUILTIN", None)
    cached = L.builtin_entries()
    assert [e.packed() for e in cached] == [e.packed() for e in fresh]
    (tmp_path / "lexicon" / "builtin.json").write_text("{not json", encoding="utf-8")
    monkeypatch.setattr(L, "_BUILTIN", None)
    assert len(L.builtin_entries()) == len(fresh)  # a corrupt cache only costs time


# -- each group: a slip found exactly, and the same characters left alone where they are right ------
# (group, text with the slip, the characters flagged, level, replacement)
POSITIVE = [
    ("错别字", "进一步加强统筹部暑，确保各项工作落到实处。", "部暑", "必错", "部署"),
    ("错别字", "完善智慧党建平合，推进服务体系建设。", "平合", "必错", "平台"),
    ("错别字", "建立问题台帐，逐项整改销号。", "台帐", "必错", "台账"),
    ("错别字", "确保党中央决策部署惯彻落实到位。", "惯彻", "必错", "贯彻"),
    ("错别字", "对违纪党员给予党纪处份。", "处份", "必错", "处分"),
    ("错别字", "不得无故缺席，却因特殊情况不能参加的，应当向党组书记请假。", "却因", "必错", "确因"),
    ("成语", "要发扬再接再励的精神。", "再接再励", "必错", "再接再厉"),
    ("成语", "坚决克服默守成规的思想。", "默守成规", "必错", "墨守成规"),
    ("近义混淆", "截止2023年底，全县共发展党员120名。", "截止", "必错", "截至"),
    ("近义混淆", "认真办理群众反应的问题。", "反应", "必错", "反映"),
    ("近义混淆", "各级领导干部必需坚持民主集中制。", "必需", "必错", "必须"),
    ("近义混淆", "坚决反对形势主义、官僚主义。", "形势主义", "必错", "形式主义"),
    ("语病", "此项工作涉及到全县各个部门。", "涉及到", "必错", "涉及"),
    ("语病", "每季度开展不少于3次以上专题学习。", "不少于3次以上", "疑似", "不少于3次"),
    ("公文用语", "以上请示妥否请批示。", "妥否请批示", "必错", "妥否，请批示"),
    ("公文用语", "请与6月30日前报送县委办公室。", "请与", "必错", "请于"),
    ("称谓规范", "认真学习习总书记重要讲话精神。", "习总书记", "必错", "习近平总书记"),
    ("称谓规范", "坚持党委在前：县政府和县委联合印发。", "县政府和县委", "疑似", "县委、县政府"),
    ("标点", "加强政治建设、思想建设、以及组织建设。", "、以及", "必错", "以及"),
    ("标点", "做好宣传、教育、监督、等各项工作。", "、等", "必错", "等"),
    ("数字与计量", "全县农村居民收入增长百分之12。", "百分之12", "必错", "12%"),
    ("数字与计量", "比上年提高1.5%个百分点。", "1.5%个百分点", "必错", "1.5个百分点"),
    ("数字与计量", "二零二三年二月十日", "二零二三年", "必错", "二〇二三年"),
    ("政治术语", "深刻领悟“两个确定”的决定性意义。", "两个确定", "必错", "两个确立"),
    ("政治术语", "认真学习贯彻党的20大精神。", "党的20大", "必错", "党的二十大"),
    ("政治术语", "深入学习贯彻党的十九届6中全会精神。", "十九届6中全会", "必错", "十九届六中全会"),
    ("政治术语", "紧密团结在以习近平总书记为核心的党中央周围。", "习近平总书记为核心的党中央", "必错",
     "习近平同志为核心的党中央"),
    ("的地得", "要牢牢的把握意识形态工作的领导权。", "的", "疑似", "地"),
]

# (group, correct text holding the same characters as that group's slips)
NEGATIVE = [
    ("错别字", "坚持和平合作、公平合理的原则，产品水平合格率稳步提高。"),
    ("错别字", "举办干部暑期读书班，全部暑假期间开放图书室。"),
    ("错别字", "领导干部要一贯切实履行职责，养成良好习惯，彻底改变作风。"),
    ("错别字", "学习贯彻党的二十大精神，做好预防犯罪工作，严格守纪律。"),
    ("错别字", "生态补偿试点、创建全国文明城市、新建全民健身中心。"),
    ("成语", "要再接再厉、按部就班推进，防止墨守成规。"),
    ("近义混淆", "截至2023年底，全县共发展党员120名；报名于6月30日截止，截止日期不再延长。"),
    ("近义混淆", "群众反映的问题要件件有着落，应急处置反应迅速。"),
    ("近义混淆", "保障群众生活必需品供应，必须坚持以人民为中心。"),
    ("近义混淆", "当前形势严峻复杂，宣传形式多样。"),
    ("语病", "此项工作涉及全县各个部门，每季度开展不少于3次专题学习。"),
    ("公文用语", "以上请示妥否，请批示。请于6月30日前报送，并与上年度情况作比较。"),
    ("称谓规范", "认真学习习近平总书记重要讲话精神，深入学习总书记关于党的建设的重要论述。"),
    ("称谓规范", "县委、县政府联合印发，县政府和县委办公室分别落实。"),
    ("标点", "加强政治建设、思想建设以及组织建设，做好宣传、教育、监督等各项工作，评定星级、等次。"),
    ("标点", "坚持富强、民主、文明、和谐的目标。"),
    ("数字与计量", "全县农村居民收入增长12%，比上年提高1.5个百分点，二〇二三年二月十日。"),
    ("政治术语", "深刻领悟“两个确立”的决定性意义，认真学习贯彻党的二十大精神和党的十九届六中全会精神。"),
    ("政治术语", "紧密团结在以习近平同志为核心的党中央周围，增强“四个意识”。"),
    ("的地得", "要牢牢把握意识形态工作的领导权，树立扎实的工作作风。"),
]


@pytest.mark.parametrize("group, text, wrong, level, right", POSITIVE, ids=[f"{c[0]}-{c[2]}" for c in POSITIVE])
def test_a_slip_is_found_exactly(lexicon, group, text, wrong, level, right):
    found = [(s, e, entry, r) for s, e, entry, r in lexicon.scan(text)]
    assert len(found) == 1, hits(lexicon, text)
    start, end, entry, replacement = found[0]
    assert (start, end) == (text.index(wrong), text.index(wrong) + len(wrong))
    assert (entry.group, entry.level, replacement) == (group, level, right)


@pytest.mark.parametrize("group, text", NEGATIVE, ids=[f"{c[0]}-{i}" for i, c in enumerate(NEGATIVE)])
def test_correct_text_is_left_alone(lexicon, group, text):
    assert hits(lexicon, text) == []


def test_every_group_has_a_positive_and_a_negative_case():
    groups = {e.group for e in L.builtin_entries()}
    assert groups <= {c[0] for c in POSITIVE} | {"成语"}
    assert groups <= {c[0] for c in NEGATIVE}


def test_findings_in_a_txt_name_the_group_and_carry_the_fix(tmp_path):
    path = tmp_path / "要点.txt"
    path.write_text("2023年工作要点\n进一步加强统筹部暑，建立问题台帐。\n", encoding="utf-8")
    result = check_path(path, only=("lexicon",))
    assert [(f.rule, f.line, f.text, f.fix) for f in result.findings] == [
        ("lexicon.must", 2, "部暑", "部署"), ("lexicon.must", 2, "台帐", "台账")]
    assert result.findings[0].message == "错别字：「部暑」应为「部署」"
    assert result.findings[0].hint  # the note: why it is wrong
    rules = {r.id: r for r in result.rules}
    assert rules["lexicon.must"].fixes and not rules["lexicon.likely"].fixes and not rules["lexicon.hint"].fixes


def test_hints_can_be_switched_off(tmp_path):
    path = tmp_path / "要点.txt"
    path.write_text("2023年工作要点\n增强四个意识，认真学习习总书记重要讲话精神。\n", encoding="utf-8")
    assert {f.rule for f in check_path(path, only=("lexicon",)).findings} == {"lexicon.must", "lexicon.hint"}
    assert {f.rule for f in check_path(path, only=("lexicon",), off=("lexicon.hint",)).findings} == {"lexicon.must"}


# -- the seeds ---------------------------------------------------------------------------------------
SEED_SLIPS = [
    ("gov-party-group-work-2022.txt", "两个确定", "两个确立"),
    ("gov-party-group-work-2022.txt", "却因", "确因"),
    ("service-center-party-committee-2022.txt", "平合", "平台"),
    ("county-party-building-report-2022.txt", "则责任制", "责任制"),  # tests/seed_slips_found.tsv
]


@pytest.mark.parametrize("seed, wrong, right", SEED_SLIPS, ids=[c[1] for c in SEED_SLIPS])
def test_the_seeds_lexicon_slips_are_found_on_their_lines(seed, wrong, right):
    lines = (SEEDS / seed).read_text(encoding="utf-8").splitlines()
    expected = [n for n, line in enumerate(lines, start=1) if wrong in line]
    assert expected
    found = [f for f in check_path(SEEDS / seed, only=("lexicon",)).findings if f.text == wrong]
    assert sorted({f.line for f in found}) == expected
    assert all(f.rule == "lexicon.must" and f.fix == right for f in found)


def test_the_seeds_have_no_other_lexicon_findings():
    for seed in sorted(SEEDS.glob("*.txt")):
        others = [f for f in check_path(seed, only=("lexicon",)).findings
                  if (seed.name, f.text) not in {(s, w) for s, w, _ in SEED_SLIPS}]
        assert not others, [(seed.name, f.line, f.context, f.message) for f in others]


# -- the library: text the team has reviewed ---------------------------------------------------------
@pytest.mark.parametrize("config", sorted((REPO / "configs").glob("*-2023.yaml")), ids=lambda p: p.stem)
def test_the_2023_example_configs_have_no_lexicon_findings(config):
    findings = check_path(config, only=("lexicon",)).findings
    assert not findings, [(f.file, f.line, f.context, f.message) for f in findings]


def block_texts():
    """Every block of the library rendered alone with its parameters' examples (else defaults)."""
    from drafter.blocks import load_library
    from drafter.templating import render_inline, render_paragraphs

    library = load_library(REPO)
    for block in library.blocks.values():
        context = {}
        for name in block.variables:
            param = block.param(name, library.common)
            value = None if param is None else (param.example if param.example is not None else param.default)
            context[name] = "甲" if value is None else value
        texts = [str(render_inline(block.title_template, context))] if block.title_template else []
        texts += [str(t) for t in render_paragraphs(block.body_template, context)] if block.body_template else []
        yield block.id, texts


def test_the_block_library_has_no_lexicon_findings(lexicon):
    found = []
    count = 0
    for block_id, texts in block_texts():
        count += 1
        for text in texts:
            found += [(block_id, h) for h in hits(lexicon, text)]
    assert count > 50
    assert not found, found


# Ordinary correct 公文 sentences that hold the strings the lexicon looks for in other places.
CORRECT = """
坚持和平合作、互利共赢，推动公平合理的国际秩序建设。
产品质量抽检水平合格率达到98%以上。
举办全县干部暑期读书班，组织党员干部集中学习。
领导干部要一贯切实履行“一岗双责”，做到知行合一。
认真学习贯彻习近平新时代中国特色社会主义思想，深入学习总书记重要讲话精神。
严格守纪律、讲规矩，做好预防犯罪和社区矫正工作。
各级党组织要把自己摆进去、把职责摆进去、把工作摆进去。
自己的事情自己办，已经完成的任务要及时总结。
截至目前，全县已建成村级综合服务平台120个，申报截止日期为6月30日。
应急处置反应迅速，群众反映的问题件件有回音。
保障困难群众基本生活必需品供应，必须坚持以人民为中心的发展思想。
出现像这样的问题，要及时向上级党组织报告。
其中纪委监委立案审查调查12件，给予党纪政务处分15人。
会议材料由办公室统一发给与会代表。
对表现突出的，给予以下奖励：通报表扬、评优评先优先考虑。
万事俱备，只待落实；各项条件已经具备。
按时足额支付职工工资，切实维护劳动者合法权益。
县人民检察院、县人民法院共同参与专项整治。
开展环境卫生整治，改变部分村庄环境十分脏乱的状况。
推进生态补偿试点，开展创建全国文明城市工作，新建全民健身中心一处。
按排名顺序依次发言，评定星级、等次。
坚持富强、民主、文明、和谐、美丽的奋斗目标。
第一、第二季度完成投资20亿元，一、二年级学生全部纳入营养餐计划。
当前形势依然严峻复杂，宣传形式多种多样。
会议定于2023年5月6日召开，请于5月5日前报送参会名单，并与往年情况作对比。
落款日期为二〇二三年二月十日，全年增长12%，比上年提高1.5个百分点。
选优配强村“两委”班子，增强“四个意识”、坚定“四个自信”、做到“两个维护”。
深刻领悟“两个确立”的决定性意义，全面贯彻党的二十大精神。
持续深化“放管服”改革，优化营商环境，提升政务服务效能。
完善干部考察机制，加强对干部的日常监督管理。
加大对违纪违法问题的查处力度，形成有力震慑。
全面从严治党永远在路上，党的自我革命永远在路上。
巩固拓展脱贫攻坚成果同乡村振兴有效衔接。
认真落实中央八项规定及其实施细则精神，驰而不息纠治“四风”。
建立健全权力运行制约和监督体系，把权力关进制度的笼子。
依法保障党员权利，尊重和保障人民群众合法权益。
推动基层党组织全面进步、全面过硬，发挥党员先锋模范作用。
通过开展主题党日活动，党员的政治意识明显增强。
各党支部要按照规定的时间节点完成换届工作。
本通知自印发之日起施行，由县委办公室负责解释。
建立工作台账，实行清单化管理、项目化推进、销号式落实。
推动形成风清气正的良好政治生态，营造干事创业的浓厚氛围。
""".split()


def test_ordinary_correct_sentences_produce_no_finding(lexicon):
    assert len(CORRECT) >= 30
    flagged = [(text, hits(lexicon, text)) for text in CORRECT if hits(lexicon, text)]
    assert not flagged, flagged


# -- a workspace's own entries -----------------------------------------------------------------------
def _workspace(tmp_path, lexicon_yaml: str) -> Path:
    (tmp_path / "blocks").mkdir()
    (tmp_path / "lexicon.yaml").write_text(lexicon_yaml, encoding="utf-8")
    doc = tmp_path / "要点.txt"
    doc.write_text("2023年工作要点\n推进秦坪县城北新区建设，建立问题台帐。\n", encoding="utf-8")
    return doc


def test_a_workspace_adds_entries_and_switches_built_in_ones_off(tmp_path):
    doc = _workspace(tmp_path, "group: 本地\noff: [台帐]\nentries:\n"
                               "  - {wrong: 城北新区, right: 城北片区, level: 必错, note: 规划名称已改}\n")
    findings = check_path(doc, only=("lexicon",)).findings
    assert [(f.text, f.fix, f.message) for f in findings] == [("城北新区", "城北片区", "本地：「城北新区」应为「城北片区」")]


@pytest.mark.parametrize("bad, message, line", [
    ("entries:\n  - {wrong: 城北新区, right: 城北片区, level: 必须}\n", "取值「必须」无效", 2),
    ("entries:\n  - {wrong: 甲, right: 乙, level: 疑似}\n  - {pattern: '(甲', right: 乙, level: 疑似}\n",
     "正则表达式「(甲」有误", 3),
    ("entries:\n  - {wrong: 城北新区, level: 必错}\n", "必错条目要写 right", 2),
    ("entries:\n  - {wrong: 城北新区, right: 城北片区, level: 疑似, not_after: []}\n", "上下文列表不能为空", 2),
    ("entries:\n  - {right: 城北片区, level: 疑似}\n", "wrong（原文）或 pattern", 2),
])
def test_a_malformed_entry_is_a_located_chinese_error(tmp_path, bad, message, line):
    doc = _workspace(tmp_path, bad)
    with pytest.raises(DrafterError) as info:
        check_path(doc, only=("lexicon",))
    error = info.value
    errors = getattr(error, "errors", [error])
    assert any(message in e.message and e.file == "lexicon.yaml" and e.line == line for e in errors), \
        [(e.file, e.line, e.message) for e in errors]
