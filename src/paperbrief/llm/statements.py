"""What a sentence says about one of its numbers beyond the value: the unit written right after it, and the
direction of change written next to it. The evidence check uses both to catch a number the paper states, put
in a statement the paper does not make:

- a unit the paper never gives that number ("LPIPS提高了0.045分贝" when the paper's 0.045 has no dB;
  "过渡长度为30秒" when the paper's "L = 30" has no unit);
- the opposite direction ("采样速度快1.3倍" when the paper says "1.3× slower").

A unit or a direction is judged only when the prose writes one; a paper sentence with no unit word next to
the number fails a prose unit, a paper sentence with no direction word never fails a prose direction. Pure
functions over text.
"""

from __future__ import annotations

import re

__all__ = ["unit_after", "paper_gives_unit", "points_after", "measure_after", "direction_in", "direction_near",
           "says_lower_better_rises", "count_before", "UNITS", "denied_gains", "paper_denies_gains",
           "moves_the_other_way", "changes_to", "paper_ends_at", "LOWER_BETTER", "WINS"]

# Unit families: (the prose's forms right after a number, zh or en) -> the forms a paper sentence writes after
# the same number (up to two words between: "30 GPU hours", "8 A100 GPUs", "50-step"; three before a counted
# noun: "600 modified BARN navigation trials").
UNITS: dict[str, tuple[str, str]] = {
    "dB": (r"分贝|dB\b", r"dB\b|decibel"),
    "ms": (r"毫秒|ms\b", r"ms\b|milliseconds?|msec"),
    "s": (r"秒(?!钟内)|s\b|sec\b|seconds?\b", r"s\b|sec\b|secs\b|seconds?\b"),
    "min": (r"分钟|min\b|minutes?\b", r"min\b|mins\b|minutes?\b"),
    "h": (r"小时|h\b|hours?\b", r"h\b|hrs?\b|hours?\b"),
    "day": (r"天|days?\b", r"days?\b"),
    "GB": (r"GB\b|吉字节", r"GB\b|G\b|gigabytes?"),
    "MB": (r"MB\b|兆字节", r"MB\b|M\b|megabytes?"),
    "fps": (r"帧每秒|帧/秒|fps\b|FPS\b", r"fps\b|frames? per second|frames?/s"),
    "frame": (r"帧(?!每秒|/秒)|frames?\b", r"frames?\b|fps\b"),
    "step": (r"步(?!骤)|steps?\b", r"steps?\b|NFEs?\b|iterations?\b"),
    "token": (r"个?词元|个?[Tt]okens?\b", r"tokens?\b"),
    "epoch": (r"个?(?:训练)?轮次?|epochs?\b", r"epochs?\b|rounds?\b"),
    "layer": (r"层(?!次)|layers?\b", r"layers?\b|blocks?\b"),
    "GPU": (r"(?:块|张|个)?(?:GPU|显卡)", r"GPUs?\b"),
    # a number of times ("总共运行了100次", seed 59, for the data-to-text paper's "100 examples per domain"): the
    # paper writes runs, trials, repetitions and the like after it, or "times"
    "times": (r"次(?!数|要|级|优|之|序|方|生|日|年|月|百分点)",
              r"times\b|runs?\b|re-?runs?\b|trials?\b|repetitions?\b|repeats?\b|iterations?\b|rounds?\b|seeds?\b|"
              r"attempts?\b|episodes?\b|quer(?:y|ies)\b|calls?\b|evaluations?\b|experiments?\b|rollouts?\b|"
              r"samples?\b|sampling\b|passes\b|steps?\b|updates?\b|draws?\b|simulations?\b|tests?\b|"
              r"inferences?\b|executions?\b|generations?\b|tries\b|restarts?\b|folds?\b|epochs?\b|turns?\b|cycles?\b|"
              r"interactions?\b|requests?\b|visits?\b|Hz\b|per\s+second\b"),
    # a count of things ("150个合成手势", "500对"): the paper writes the number before a plural noun ("500
    # pairs", "45 speakers"), not as a setting ("N = 150") or a score
    "count": (r"(?:个|名|张|篇|条|份|组|对|位|段|幅|项|次)(?!百分点|小时|词元|训练|轮|GPU|显卡|月|星期)",
              r"[A-Za-z]{2,}s\b|people\b|data\b"),
}
_TOKEN = r"[\w.+/()-]+"
_WORD = r"[A-Za-z0-9][\w+/-]*"  # between a count and its noun: words, not a closing bracket ("102.409) tasks")
_PROSE_UNIT = {k: re.compile(rf"\s?(?:{zh})", re.I if k not in ("s", "h", "GB", "MB", "ms") else 0)
               for k, (zh, _) in UNITS.items()}
_PAPER_UNIT = {k: re.compile(rf"^[\s-]*(?:{_WORD if k == 'count' else _TOKEN}[\s-]+){{0,{3 if k in ('count', 'times') else 2}}}?(?:{en})", re.I if k in ("fps", "frame", "step", "token", "epoch", "layer", "GPU", "day", "times", "count") else 0)
               for k, (_, en) in UNITS.items()}

# Directions of change. Evaluative words ("improves", "better", 提升) are left out: "improves FID by 2" and
# "FID降低2" agree.
_UP = re.compile(r"更快|加快|加速|快了?|提高|增加|增大|增长|上升|高出|更高|高于|faster|speed-?ups?|accelerat\w*|"
                 r"higher|increase[sd]?|increasing|larger|more\b|rises?|grows?", re.I)
_DOWN = re.compile(r"更慢|减慢|变慢|慢了?|降低|减少|减小|下降|缩短|低于|更低|slower|slow(?:s|ed)? down|lower|"
                   r"decrease[sd]?|decreasing|reduc\w*|fewer|less\b|smaller|drops?|declines?|shorter", re.I)


# A count named before its number ("运行次数为102.409", seed 31: the search paper's average RMSE as a number of runs)
_COUNT_BEFORE = re.compile(r"(?:次数|个数|数量|数目|人数|轮数|条数|样本数|运行数|试验数)\s*(?:为|是|达到?|共|约为?|有|:|：)?\s*(?:约|共)?\s*$")


def count_before(text: str, start: int) -> bool:
    """Whether the prose names a count right before the number starting at ``text[start]``."""
    return _COUNT_BEFORE.search(text[max(0, start - 12):start]) is not None


def unit_after(text: str, end: int) -> str | None:
    """The unit family the prose writes right after the number ending at ``text[end]``, if any."""
    for key, pat in _PROSE_UNIT.items():
        if pat.match(text, end):
            return key
    return None


def paper_gives_unit(sentence: str, end: int, unit: str) -> bool:
    """Whether the paper's sentence writes ``unit`` after its number ending at ``sentence[end]`` (up to two words
    between), or names the unit in brackets before it ("latency (ms) ... 30")."""
    if _PAPER_UNIT[unit].match(sentence[end:end + 40]):
        return True
    en = UNITS[unit][1]
    return re.search(rf"[(\[]\s*(?:{en})\s*[)\]]", sentence[max(0, end - 120):end]) is not None


# Score points ("2.3分", "高出 1.2 分"): a paper writes a score with no unit at all ("88.4 on GLUE"), so points are
# judged only against a unit of measure the paper writes right after the number ("the gain is 2.3 dB").
_POINTS = re.compile(r"\s?分(?=的|[，。、；;,.\s]|$|和|与|及|以|左右|提|增|降|高|低|多|少)")
_MEASURE = re.compile(r"^\s?(%|％|×|dB\b|ms\b|s\b|secs?\b|seconds?\b|min\b|minutes?\b|h\b|hours?\b|GB\b|MB\b|"
                      r"fps\b|FPS\b|x\b|times\b)")


def points_after(text: str, end: int) -> bool:
    """Whether the prose writes score points ("分") right after the number ending at ``text[end]``."""
    return _POINTS.match(text, end) is not None


def measure_after(sentence: str, end: int) -> str | None:
    """The unit of measure (or %, ×) a paper's sentence writes right after its number ending at ``sentence[end]``."""
    m = _MEASURE.match(sentence[end:end + 12])
    return m.group(1) if m else None


# The size of a change named as a noun ("降幅从 2.1% 增加到 14.7%" for "strengthens from a 2.1% to a 14.7%
# reduction"): a word of rise or fall then says how the size moved, not the value's own direction.
_CHANGE_SIZE = re.compile(r"降幅|减幅|跌幅|涨幅|增幅|差距")  # not 幅度: "大幅度提高"


def direction_in(text: str) -> str | None:
    """'up', 'down' or None: the direction of change a short clause states (both, or the size of a change named
    as a noun: None)."""
    if _CHANGE_SIZE.search(text):
        return None
    up, down = _UP.search(text), _DOWN.search(text)
    if up and not down:
        return "up"
    if down and not up:
        return "down"
    return None


# Metrics a paper improves by lowering them, and the evaluative words with which it says so ("a 31% BPB
# improvement"): next to such a metric, an improvement is a fall.
LOWER_BETTER = re.compile(r"\b(?:bpb|bits per (?:byte|character)|perplexity|ppl|loss(?:es)?|errors?|fid|fvd|kid|"
                           r"lpips|rmse|mse|mae|wer|cer|latency|ece)\b", re.I)
_LOWER_BETTER_ZH = re.compile(r"误差|错误率|困惑度|损失|延迟|时延|\b(?:BPB|FID|FVD|KID|LPIPS|RMSE|MSE|MAE|WER|CER)\b",
                              re.I)
_BETTER = re.compile(r"\b(?:improv\w*|gains?|better)\b", re.I)


# A rise in plain words. Not 提高 or 提升, which Chinese prose also uses for "improves" ("FID 提高 2.4" for
# "improves FID by 2.4").
_RISES = re.compile(r"增加|增大|增长|上升|升高|变大|更高|\b(?:higher|increase[sd]?|increasing|rises?|rose|grows?)\b", re.I)


def says_lower_better_rises(clause: str) -> bool:
    """Whether a prose clause says, in plain words of a rise, that a metric better when lower (BPB, error, 误差,
    困惑度, FID, …) went up: against a paper that calls that change an improvement, a wrong direction."""
    return names_lower_better(clause) and _RISES.search(clause) is not None


def names_lower_better(clause: str) -> bool:
    """Whether a prose clause names a metric that is better when lower (误差, 困惑度, BPB, FID, …)."""
    return _LOWER_BETTER_ZH.search(clause) is not None


# A margin by which one thing beats another ("surpasses LlamaGuard by 59.5%"): a rise, for a metric better
# when higher
WINS = re.compile(r"\b(?:surpass\w*|outperform\w*|exceed\w*|beats?|beating)\b", re.I)


def direction_near(sentence: str, start: int, end: int, lower_better: bool = False, wins: bool = False) -> str | None:
    """The direction a paper sentence states next to its number at ``sentence[start:end]`` (24 characters
    before, 40 after), or None. With ``lower_better`` (the prose names a metric that is better when lower), an
    improvement of such a metric named there is a fall: the data-mixture paper's "a 31% BPB improvement" is
    BPB going down, and a results call wrote "最优混合的 BPB 增加了 31%". With ``wins`` (the prose names no such
    metric), a margin the paper beats something by is a rise when the paper names no such metric either:
    R²-Guard's "surpasses LlamaGuard by 30.2% on ToxicChat and by 59.5% against jailbreak attacks" (seed 97:
    "在对抗逃逸攻击方面，R -Guard 减少了 59.5%")."""
    window = sentence[max(0, start - 24):end + 40]
    way = direction_in(window)
    if way is None and lower_better and _BETTER.search(window) and LOWER_BETTER.search(window):
        return "down"
    if way is None and wins and WINS.search(sentence[max(0, start - 60):start]) and not LOWER_BETTER.search(window):
        return "up"
    return way


# "1.3倍的采样速度": a multiple of a speed, with no word of direction, reads as faster; a multiple of a time
# ("1.3倍的耗时") reads as slower and is left alone
MULTIPLE = re.compile(r"\s?(?:倍|×|x\b|times\b|-?fold\b)", re.I)  # after a number: a ratio ("2倍", "13.1×")
_SPEED_NOUN = re.compile(r"速度|速率|吞吐|\bspeed\b|throughput", re.I)
_TIME_NOUN = re.compile(r"耗时|时间|时延|延迟|用时|\btime\b|runtime|latency", re.I)


def speed_multiple(text: str, end: int) -> bool:
    """Whether the prose writes the number ending at ``text[end]`` as a multiple of a speed, with no direction
    ("需要1.3倍的采样速度"): a reader takes it for a speed-up."""
    return (MULTIPLE.match(text, end) is not None and _SPEED_NOUN.search(text) is not None
            and _TIME_NOUN.search(text) is None and direction_in(text) is None)


# A number the prose writes as speed ("比 LlamaGuard 快 30.2%", "快13.1倍", "a 2× speed-up"), and the words by which
# a paper's sentence is about speed or time at all
_SPEED_BEFORE = re.compile(r"(?:快|慢|加速|提速|减速)了?(?:约|近|达)?\s*$")
_SPEED_AFTER = re.compile(r"\s?(?:%|％|倍|×|x\b|times\b)?\s*(?:的)?(?:加速|提速|速度提升|faster\b|slower\b|speed-?ups?\b)",
                          re.I)
_PAPER_SPEED = re.compile(r"fast|slow|speed|latenc|\btimes?\b|runtime|throughput|accelerat|\bfps\b|seconds?\b|\bms\b|"
                          r"\d\s?s\b|hours?\b|minutes?\b|real-time|efficien|速度|加速|耗时", re.I)


def speed_claim(text: str, start: int, end: int) -> bool:
    """Whether the prose writes the number at ``text[start:end]`` as a speed or a speed-up."""
    return _SPEED_BEFORE.search(text[max(0, start - 8):start]) is not None or _SPEED_AFTER.match(text, end) is not None


def paper_about_speed(sentence: str) -> bool:
    """Whether a paper's sentence speaks of speed or time at all ("surpasses LlamaGuard by 30.2%" does not)."""
    return _PAPER_SPEED.search(sentence) is not None


# A gain denied: "性能没有提高", "一致性没有改进", "没有发现任何收益" (the demo's takeaway, 2026-12-04), "did not
# improve", "no improvement". Not "无需额外数据就能提高" (no denial word right before the gain, or before a verb of
# finding or bringing) and not "不仅提高了…" (不 alone).
_DENIED_ZH = re.compile(r"(?:没有|没|并未|未能|未|无法|不能|不会)(?:发现|观察到|看到|带来|得到|取得|获得|产生)?"
                        r"(?:显著|明显|进一步|任何|带来|得到)?(?:的)?"
                        r"(?:提高|提升|改进|改善|增加|加快|增强|增益|收益|优势|帮助)")
_DENY_EN = r"\b(?:no|not|never|neither|nor|without|fails? to|failed to|(?:do|does|did|could|can|would)n[’']t)\s+"
_GAIN_EN = r"(?:improv\w*|gains?|boost\w*|benefit\w*|help\w*|enhanc\w*|speed-?ups?|increas\w*|better\w*|advantages?)\b"
_DENIED_EN = re.compile(rf"{_DENY_EN}(?:(?:any|significant(?:ly)?|much|further|clear(?:ly)?|consistent(?:ly)?|"
                        rf"meaningful(?:ly)?|substantial(?:ly)?|the|a|an|lead to|result in|yield|bring|show|"
                        rf"provide|offer|always|necessarily)\s+){{0,2}}{_GAIN_EN}", re.I)


def denied_gains(text: str) -> list[str]:
    """The places where ``text`` says something did not gain ("性能没有提高", "does not improve")."""
    return [m.group(0) for m in (*_DENIED_ZH.finditer(text), *_DENIED_EN.finditer(text))]


def paper_denies_gains(text: str) -> bool:
    """Whether the paper says anywhere that something did not gain: then a denial in the prose may be its own."""
    return _DENIED_EN.search(text) is not None or _DENIED_ZH.search(text) is not None


# A change from one value to another in the prose's own words ("从 2.1% 减少到 14.7%", "drops from 0.9 to 0.7"):
# the words must go the way the two values do, whatever the paper says. Seed 59's results call wrote "GSM8K 的差距
# 从 2.1% 减少到 14.7%" for the data-mixture paper's "GSM8K strengthens from a 2.1% to a 14.7% reduction".
def _value(name: str) -> str:
    return rf"(?P<{name}>\d+(?:\.\d+)?)\s?(?:%|％|个百分点|pp\b|倍|×|分)?"


_FALL_ZH = r"减少|降低|下降|降|减小|缩小|缩短|跌|回落|减"
# not 提高 or 提升, nor "improves": Chinese prose also uses them for "improves" ("FID 从 20 提升到 15")
_RISE_ZH = r"增加|增长|增大|上升|升高|升|扩大|增"
_FALL_EN = r"decrease[sd]?|drops?|dropped|falls?|fell|declines?|declined|reduce[sd]?|lowered|shrinks?|shrank|shrunk"
_RISE_EN = r"increase[sd]?|rises?|rose|grows?|grew|climbs?|climbed|raised|jumps?|jumped|goes up|went up"
_FALLS = re.compile(f"{_FALL_ZH}|{_FALL_EN}", re.I)
_FROM_TO = [re.compile(rf"(?:从|由)\s*{_value('a')}\s*(?:的[\u4e00-\u9fff]{{0,4}})?\s*(?P<way>{_FALL_ZH}|{_RISE_ZH})"
                       rf"(?:了)?\s*(?:到|至)\s*{_value('b')}"),
            re.compile(rf"(?P<way>{_FALL_ZH}|{_RISE_ZH})(?:了)?\s*[，,]?\s*(?:从|由)\s*{_value('a')}\s*(?:到|至)\s*"
                       rf"{_value('b')}"),
            re.compile(rf"\b(?P<way>{_FALL_EN}|{_RISE_EN})\s+from\s+(?:an?\s+)?{_value('a')}\s+to\s+(?:an?\s+)?"
                       rf"{_value('b')}", re.I)]


def moves_the_other_way(clause: str, number: str) -> str | None:
    """Why the prose's change from one value to another, one of them ``number``, goes against the two values
    ("从 2.1% 减少到 14.7%": a fall to a larger value), or None."""
    plain, number = clause.replace(",", ""), number.replace(",", "")
    for pattern in _FROM_TO:
        for m in pattern.finditer(plain):
            a, b = m.group("a"), m.group("b")
            if number not in (a, b) or float(a) == float(b):
                continue
            falls = _FALLS.fullmatch(m.group("way")) is not None
            if falls == (float(b) > float(a)):
                return (f"{a} to {b} is a {'rise' if falls else 'fall'}, but this sentence says it "
                        f"{'falls' if falls else 'rises'}")
    return None


# What a change comes to, in the prose ("将其水位减少到1", "reduces the steps to 4"), as against by how much
# ("减少1"). Seed 71 wrote "选择需要被空出的杯子并将其水位减少到1" for the cup game's "the emptier selects p cups to
# remove up to 1 unit of water from": the paper's 1 is what may be taken away, not what is left.
_TO_END = re.compile(rf"(?:{_FALL_ZH}|{_RISE_ZH}|提高|提升|压缩)了?(?:到|至)\s*(?:约|仅|只有)?\s*$|"
                     rf"\b(?:{_FALL_EN}|{_RISE_EN}|reduc\w*|lower\w*|cuts?|brings?|brought)\b(?:\s+[\w-]+){{0,6}}?"
                     rf"\s+to\s*(?:only|just|about)?\s*$", re.I)
# ... and in the paper's sentence: a change to it too ("reduces the steps to 4", "from 50 to 4", "down to 4",
# "reaches 4"); not "up to 1" (a bound), nor "sum to 1" or "k = 1" (a math paper writes 1 everywhere)
_PAPER_TO = re.compile(rf"{_TO_END.pattern}|\b(?:from\s+\S+|down)\s+to\s*(?:only|just|about)?\s*$|"
                       r"\breach(?:es|ed|ing)?\s*(?:only|just|about)?\s*$", re.I)


def changes_to(text: str, start: int) -> bool:
    """Whether the prose states the number starting at ``text[start]`` as what a change comes to."""
    return _TO_END.search(text[max(0, start - 60):start]) is not None


def paper_ends_at(sentence: str, start: int) -> bool:
    """Whether the paper's sentence writes its number starting at ``sentence[start]`` as what a change comes to
    ("reduced to 4", "from 50 to 4", "reaches 4"); "remove up to 1" is a bound, not an end."""
    return _PAPER_TO.search(sentence[max(0, start - 60):start]) is not None
