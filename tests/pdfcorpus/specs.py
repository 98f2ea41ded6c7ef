"""The generated ground-truth corpus: paper specs covering the layouts and traps of real arXiv PDFs, plus
unreadable files. ``build_corpus(folder)`` writes every case and returns its truth.

Each case's truth comes from ``pdfbuild.build_pdf`` (what was actually drawn, where); the specs only
choose what to draw. Names, institutions and repositories are made up or generic.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from paperbrief.samples.pdfbuild import (
    BREAK,
    AuthorSpec as A,
    FigureSpec as F,
    PaperSpec,
    SectionSpec as S,
    TableSpec as T,
    build_broken_pdf,
    build_pdf,
)

from .text import prose, references, sections


@dataclass
class Case:
    name: str
    spec: PaperSpec | None = None
    broken: str | None = None  # "truncated", "encrypted", "empty", "not-pdf", "image-only"
    covers: str = ""

    @property
    def filename(self) -> str:
        return f"{self.name}.pdf"


AFF = {
    "ed": "School of Informatics, University of Edinburgh, UK",
    "su": "Department of Computer Science, Stanford University, Stanford, CA, USA",
    "gdm": "Google DeepMind",
    "thu": "Tsinghua University, Beijing, China",
    "mpi": "Max Planck Institute for Informatics, Saarbrücken, Germany",
    "eth": "ETH Zürich, Switzerland",
    "kaist": "KAIST, Daejeon, South Korea",
    "shlab": "Shanghai AI Laboratory",
    "mila": "Mila - Quebec AI Institute, Montréal, Canada",
    "ut": "The University of Tokyo, Japan",
    "cmu": "Carnegie Mellon University",
    "msra": "Microsoft Research Asia",
    "inria": "Inria, Université Paris-Saclay, France",
    "snu": "Seoul National University",
    "iitb": "Department of Electrical Engineering, Indian Institute of Technology Bombay, India",
    "nus": "National University of Singapore",
    "upf": "Universitat Pompeu Fabra, Barcelona, Spain",
    "tum": "Technical University of Munich",
}


def _abs(seed: int, tail: str = "", n: int = 6) -> str:
    text = prose(seed, n)
    return f"{text} {tail}".strip()


def _cases() -> list[Case]:
    cases: list[Case] = []

    def add(name: str, covers: str, **kw) -> None:
        seed = len(cases) + 1
        kw.setdefault("sections", sections(seed))
        kw.setdefault("abstract", _abs(seed))
        kw.setdefault("references", references(seed))
        kw.setdefault("seed", seed)
        cases.append(Case(name, PaperSpec(**kw), covers=covers))

    # ---------------------------------------------------------------- layouts and affiliation styles
    add("onecol-numbered", "one-column, numbered affiliations, code URL in the abstract, vector+raster figures, table",
        title="Fast Sampling of Diffusion Models with Learned Step Schedules",
        authors=[A("Alice Martin", [1]), A("Bruno Costa", [1, 2]), A("Chiara Rossi", [2]), A("Daniel Novak", [3])],
        affiliations=[AFF["ed"], AFF["gdm"], AFF["eth"]],
        abstract=_abs(1, "Code is available at https://github.com/amartin/learned-schedules."),
        figures=[F("Overview of the learned schedule and the sampler.", "vector", section=1),
                 F("Samples with 4, 8 and 16 steps on ImageNet 64x64.", "raster", section=3)],
        tables=[T("FID on CIFAR-10 and ImageNet for different step budgets.", rows=5, cols=4, section=3)])

    add("twocol-cvpr", "two-column CVPR-like: '1. Introduction', 'Figure 1.' captions, wide author spacing, inline "
        "affiliations, teaser, equal-contribution marks, code footnote",
        title="Consistent Video Editing with Spatio-Temporal Attention Anchors",
        authors=[A("Hyun-Woo Kim", [1], "*"), A("Grace Okafor", [2], "*"), A("Lucas Moreau", [1]),
                 A("Tara Singh", [2], "†")],
        affiliations=["KAIST", "Carnegie Mellon University"], affil_inline=True, author_separator="     ",
        emails=["{hwkim, lmoreau}@kaist.ac.kr", "{gokafor, tsingh}@cs.cmu.edu"],
        footnotes=["* Equal contribution.", "† Corresponding author."],
        extra_links=[("https://github.com/anchor-edit/anchors", "footnote")],
        layout="two-column", sections=sections(2, style="dot"), caption_sep=".",
        figures=[F("Edits produced by our method on three videos. Each row shows the input and the edited frames.",
                   "raster", "teaser"),
                 F("Architecture of the anchor attention block.", "vector", section=3),
                 F("Temporal consistency against the number of anchors.", "vector", section=4)],
        tables=[T("Comparison with video editing methods.", rows=5, cols=5, section=4)])

    add("ieee-roman", "IEEE-like: 'I. INTRODUCTION' headings, 'Fig.' labels, 'TABLE I' captions, affiliations as "
        "page-1 footnotes, initials in names, REFERENCES heading",
        title="Robust Channel Estimation for Massive MIMO with Deep Unfolding",
        authors=[A("M. K. Rao", [1]), A("Y.-H. Chen", [2]), A("T. O'Neil", [1])],
        affiliations=["Department of Electrical Engineering, Indian Institute of Technology Bombay, Mumbai, India",
                      "Department of Electronic Engineering, National Taiwan University, Taipei, Taiwan"],
        affiliation_style="footnote", layout="two-column", references_heading="REFERENCES", table_label="TABLE",
        sections=sections(3, style="roman"),
        figures=[F("System model of the unfolded estimator.", "vector", label_style="Fig.", section=1),
                 F("NMSE versus SNR for 64 antennas.", "vector", label_style="Fig.", section=3),
                 F("Convergence of the unfolded layers.", "vector", label_style="Fig.", section=3)],
        tables=[T("Simulation parameters.", rows=6, cols=2, section=2)])

    add("symbols-affil", "affiliation markers are symbols; digit footnote mark",
        title="Learning to Rank Molecules with Equivariant Graph Transformers",
        authors=[A("Elena Petrova", [1], "1"), A("Felix Wagner", [2]), A("Ingrid Larsen", [1, 3])],
        affiliations=[AFF["mpi"], AFF["tum"], AFF["inria"]], affiliation_style="symbols",
        footnotes=["1 Work done during an internship at Google."],
        figures=[F("Equivariant attention over a molecular graph.", "vector", section=3)])

    add("under-author-grid", "under-author cells in a 2-row grid with per-author e-mails",
        title="Open-Vocabulary Segmentation from Weak Captions",
        authors=[A("Olivia Brown", [1]), A("Pablo Ruiz", [2]), A("Rosa Delgado", [2]),
                 A("Samuel Cohen", [3]), A("Katarzyna Nowak", [1]), A("Jonas Berg", [4])],
        affiliations=[AFF["cmu"], AFF["upf"], AFF["gdm"], AFF["ed"]], affiliation_style="under-author",
        emails=["obrown@cmu.edu", "pablo.ruiz@upf.edu", "rosa.delgado@upf.edu", "scohen@google.com",
                "knowak@cmu.edu", "jonas.berg@ed.ac.uk"],
        abstract=_abs(5, "Project page: https://weakseg.github.io/ovs/."),
        figures=[F("Segmentation masks predicted from captions only.", "raster", section=3),
                 F("mIoU as a function of caption noise.", "vector", section=3)],
        tables=[T("Open-vocabulary segmentation on ADE20K and Pascal Context.", rows=4, cols=3, section=3)])

    add("under-author-row", "NeurIPS-like under-author single row, accented names, one-column",
        title="Sharp Generalization Bounds for Diffusion Score Matching",
        authors=[A("Zoë Müller-Lüdenscheidt", [1]), A("François Lefèvre", [2]), A("Søren Østergaard", [1])],
        affiliations=[AFF["eth"], AFF["inria"]], affiliation_style="under-author",
        emails=["zoe.mueller@inf.ethz.ch", "francois.lefevre@inria.fr", "soren@inf.ethz.ch"],
        sections=sections(6, "theory", subsections=False),
        appendix=[S("A Proofs", [prose(601, 8), prose(602, 6)]),
                  S("B Additional Experiments", [prose(603, 7)])],
        figures=[F("Empirical risk and the bound for increasing sample size.", "vector", section=2),
                 F("Score error on a two-dimensional mixture.", "vector", section=6)])

    add("email-only", "no affiliation printed, only e-mail addresses",
        title="A Note on Token Merging for Efficient Vision Transformers",
        authors=[A("Maya Patel"), A("Nikolai Ivanov")], affiliations=[],
        emails=["maya.patel@cs.toronto.edu", "n.ivanov@cs.toronto.edu"],
        sections=sections(7, "short"),
        figures=[F("Throughput against accuracy for merged tokens.", "vector", section=2)])

    add("anonymous", "anonymous double-blind submission with line numbers; anonymised code link; cited repos only",
        title="Provably Efficient Exploration in Constrained Markov Decision Processes",
        authors=[], affiliations=[], anonymous=True, line_numbers=True,
        abstract=_abs(8, "Code: https://anonymous.4open.science/r/cmdp-explore."),
        references=references(8, urls={2: "https://github.com/openai/baselines", 5: "https://github.com/google/dopamine"}),
        sections=sections(8, "theory"),
        figures=[F("Regret of the compared algorithms on the grid world.", "vector", section=4)])

    add("accents-hyphens", "accented and hyphenated names, Latin Extended characters",
        title="Multilingual Speech Translation with Shared Discrete Units",
        authors=[A("José Ángel García-Moreno", [1]), A("Łukasz Wiśniewski", [2]), A("Ana Lúcia Gonçalves", [1]),
                 A("Çağrı Öztürk", [3]), A("Mihály Szőke", [2])],
        affiliations=[AFF["upf"], "University of Warsaw, Poland", "Boğaziçi University, İstanbul, Türkiye"],
        abstract=_abs(9, "Models and code: https://github.com/unit-st/shared-units."),
        figures=[F("Discrete units shared across eight languages.", "vector", section=3)],
        tables=[T("BLEU on CoVoST-2 for X-to-English directions.", rows=6, cols=4, section=4)])

    add("initials", "names with initials and apostrophes; review line numbers in both margins",
        title="Graph Neural Networks for Power Grid State Estimation",
        authors=[A("A. B. Smith", [1]), A("C. Díaz", [1]), A("J. P. Morgan-Hale", [2]), A("D'Arcy O'Brien", [2])],
        affiliations=["Department of Electrical and Computer Engineering, University of Toronto, Canada",
                      "National Renewable Energy Laboratory, Golden, CO, USA"],
        layout="two-column", line_numbers=True,
        figures=[F("IEEE 118-bus test system with sensor placement.", "vector", section=1),
                 F("Estimation error for increasing measurement noise.", "vector", section=3)])

    add("cjk-romanised", "CJK romanised names (given-family and family-given), numbered affiliations",
        title="Efficient Long-Context Retrieval with Hierarchical Memory",
        authors=[A("Zhang Wei", [1]), A("Xiao-Ming Li", [1, 2]), A("Jae-won Park", [3]), A("Yuki Takahashi", [4]),
                 A("Nguyen Van An", [2]), A("Ouyang Jing", [1])],
        affiliations=[AFF["thu"], AFF["shlab"], AFF["snu"], AFF["ut"]],
        abstract=_abs(11, "Our code is released at https://github.com/hmem-lab/HierMem."),
        figures=[F("The hierarchical memory: chunks, summaries and the routing tree.", "vector", section=3)],
        tables=[T("Accuracy on long-context QA benchmarks.", rows=5, cols=5, section=4)])

    add("footnote-markers", "author marks *, †, ‡ and digits together with numbered affiliations",
        title="Self-Supervised Depth Estimation in Adverse Weather",
        authors=[A("Hugo Laurent", [1], "*"), A("Chen Yutong", [2], "*"), A("Victor Hugo Silva", [1], "‡"),
                 A("Sze-Man Wong", [2], "†")],
        affiliations=[AFF["inria"], "The Chinese University of Hong Kong"],
        footnotes=["* Equal contribution.", "† Corresponding author: smwong@cuhk.edu.hk.",
                   "‡ Now at Meta AI."],
        figures=[F("Depth predicted in fog, rain and snow.", "raster", section=3, subfigures=3)])

    add("author-grid-12", "many authors over three lines, five affiliations, long three-line title",
        title="Scaling Laws for Mixture-of-Experts Language Models Under a Fixed Compute Budget: An Empirical "
              "Study Across Twelve Orders of Magnitude",
        authors=[A(n, [1 + i % 5]) for i, n in enumerate(
            ["Alice Martin", "Bruno Costa", "Chiara Rossi", "Daniel Novak", "Elena Petrova", "Felix Wagner",
             "Grace Okafor", "Hugo Laurent", "Ingrid Larsen", "Jonas Berg", "Lin Jiahui", "Maya Patel"])],
        affiliations=[AFF["gdm"], AFF["msra"], AFF["mila"], AFF["cmu"], AFF["ut"]],
        figures=[F("Loss against compute for dense and sparse models.", "vector", section=3),
                 F("Optimal number of experts per compute budget.", "vector", section=3)],
        tables=[T("Model configurations.", rows=6, cols=5, section=2)])

    # ---------------------------------------------------------------- code links
    add("code-broken", "own repo URL broken after the owner across two lines",
        title="Neural Radiance Caching for Real-Time Global Illumination",
        authors=[A("Samuel Cohen", [1]), A("Tara Singh", [1])], affiliations=[AFF["su"]],
        extra_links=[("https://github.com/radiance-cache/nrc-realtime", "broken")],
        figures=[F("Frames rendered with radiance caching.", "raster", section=3)])

    add("code-hyphen", "own repo URL broken after a hyphen that belongs to the URL; word hyphenation",
        title="Curriculum Reinforcement Learning for Dexterous Manipulation",
        authors=[A("Jonas Berg", [1]), A("Katarzyna Nowak", [2])], affiliations=[AFF["tum"], AFF["ed"]],
        extra_links=[("https://github.com/dexterous-lab/curriculum-manipulation-benchmark", "hyphen")],
        layout="two-column",
        figures=[F("Success rate during training for the curricula.", "vector", section=3)])

    add("code-annotation", "own repo and project page only as link annotations ([Code], [Project Page])",
        title="Text-Driven Motion Generation with Masked Transformers",
        authors=[A("Hyun-Woo Kim", [1]), A("Pablo Ruiz", [2]), A("Olivia Brown", [1])],
        affiliations=[AFF["snu"], AFF["upf"]],
        extra_links=[("https://github.com/maskmotion/MaskMotion", "annotation"),
                     ("https://maskmotion.github.io", "annotation")],
        figures=[F("Motions generated from text prompts.", "raster", "teaser"),
                 F("The masked motion transformer.", "vector", section=3)])

    add("cited-only", "code URLs only in references (cited, not own)",
        title="Revisiting Data Augmentation for Sample-Efficient Reinforcement Learning",
        authors=[A("Nikolai Ivanov", [1]), A("Rosa Delgado", [1])], affiliations=[AFF["mila"]],
        references=references(18, n=10, urls={1: "https://github.com/denisyarats/drq",
                                               4: "https://github.com/MishaLaskin/rad",
                                               7: "https://github.com/facebookresearch/moolib"}),
        figures=[F("Return on the DeepMind Control Suite after 500k steps.", "vector", section=3)])

    add("hf-spaces-project", "Hugging Face space and github.io project page in the abstract; HF dataset and "
        "arXiv links that are not code",
        title="Interactive Image Editing with Drag-Based Diffusion",
        authors=[A("Lin Jiahui", [1]), A("Ouyang Jing", [1]), A("Maya Patel", [2])],
        affiliations=[AFF["shlab"], AFF["su"]],
        abstract=_abs(19, "Project page: https://dragdiff-lab.github.io/dragedit/. Try the demo at "
                          "https://huggingface.co/spaces/dragdiff-lab/DragEdit. Our benchmark is released at "
                          "https://huggingface.co/datasets/dragdiff-lab/dragbench."),
        sections=sections(19, extra={0: ["An earlier version appeared as https://arxiv.org/abs/2306.14435."]}),
        figures=[F("Drag edits on real photographs.", "raster", "teaser", subfigures=4),
                 F("Point tracking during the edit.", "vector", section=3)])

    add("third-party-body", "own repo in the abstract, third-party repos used in the body",
        title="Panoptic Scene Graphs from Multi-View Images",
        authors=[A("Felix Wagner", [1]), A("Ingrid Larsen", [2])], affiliations=[AFF["tum"], AFF["mpi"]],
        abstract=_abs(20, "Code is available at https://github.com/psg-mv/psg-multiview."),
        sections=sections(20, extra={3: ["We build on the detector of https://github.com/facebookresearch/detectron2 "
                                         "and the tracker from https://github.com/ifzhang/ByteTrack without changes."]}),
        third_party_urls=["https://github.com/facebookresearch/detectron2", "https://github.com/ifzhang/ByteTrack"],
        figures=[F("Predicted panoptic scene graph for a living room.", "both", section=4)])

    add("scheme-less", "code URL printed without scheme (github.com/...) and a gitlab URL",
        title="Verified Compilation of Probabilistic Programs",
        authors=[A("Tomáš Dvořák", [1]), A("Núria Puig i Ferrer", [2])],
        affiliations=["Charles University, Prague, Czech Republic", AFF["upf"]],
        abstract=_abs(21, "The development is available at github.com/probcomp-verified/vpp and mirrored at "
                          "https://gitlab.com/vpp-team/vpp-coq."),
        sections=sections(21, "theory"))

    add("gitlab-bitbucket", "gitlab.com and bitbucket.org code links in body and footnote",
        title="Certified Robustness of Tree Ensembles",
        authors=[A("Daniel Novak", [1]), A("Chiara Rossi", [1])], affiliations=[AFF["eth"]],
        extra_links=[("https://gitlab.com/robust-trees/certify", "body"),
                     ("https://bitbucket.org/robust-trees/benchmarks", "footnote")],
        tables=[T("Certified accuracy on tabular benchmarks.", rows=6, cols=4, section=3)])

    add("hyperlinked", "printed URLs with hyperref link annotations, one broken across lines",
        title="Differentiable Rendering of Implicit Surfaces with Sphere Tracing",
        authors=[A("Lucas Moreau", [1]), A("Grace Okafor", [2])], affiliations=[AFF["inria"], AFF["cmu"]],
        abstract=_abs(23, "Code: https://github.com/implicit-dr/sphere-tracing."),
        extra_links=[("https://implicit-dr.github.io/sdf-render/", "broken")], hyperlink_urls=True,
        layout="two-column",
        figures=[F("Reconstructions of the DTU scans.", "raster", section=3, subfigures=2)])

    # ---------------------------------------------------------------- sections, figures, tables
    add("appendix-proofs", "appendix 'A Proofs' after references with appendix figures; Acknowledgements",
        title="On the Convergence of Adam under Heavy-Tailed Noise",
        authors=[A("Elena Petrova", [1]), A("Samuel Cohen", [2])], affiliations=[AFF["mila"], AFF["gdm"]],
        sections=sections(24, "theory") + [S("Acknowledgements", [prose(2401, 2)])],
        appendix=[S("A Proofs", [prose(2402, 9), prose(2403, 9)]),
                  S("B Additional Experiments", [prose(2404, 6)])],
        figures=[F("Gradient norm distribution in transformer training.", "vector", section=0),
                 F("Loss curves of Adam and clipped SGD on the toy problem.", "vector", section=6)])

    add("wrapped-figures", "one-column with wrapped figures (text flows beside them)",
        title="Tactile Sensing for Robotic Grasping of Deformable Objects",
        authors=[A("Jae-won Park", [1]), A("Yuki Takahashi", [2])], affiliations=[AFF["kaist"], AFF["ut"]],
        sections=sections(25, paras=3),
        figures=[F("The tactile gripper.", "raster", "wrapped", section=1),
                 F("Slip detection accuracy.", "vector", "wrapped", section=3),
                 F("Grasp success over 200 trials.", "vector", section=4)])

    add("subfigures", "figures with (a)/(b)/(c) sub-figures, raster and vector",
        title="Zero-Shot Image Restoration with Pretrained Diffusion Priors",
        authors=[A("Chen Yutong", [1]), A("Hugo Laurent", [2])], affiliations=[AFF["nus"], AFF["inria"]],
        figures=[F("Restoration of a degraded photograph.", "raster", section=1, subfigures=3),
                 F("PSNR and LPIPS against the guidance scale.", "vector", section=3, subfigures=2),
                 F("Failure cases.", "raster", section=4, subfigures=2)])

    add("twocol-fullwidth", "two-column with full-width and column figures, several pages",
        title="Benchmarking Vision-Language Models on Scientific Charts",
        authors=[A("Tara Singh", [1]), A("Bruno Costa", [2]), A("Alice Martin", [1])],
        affiliations=[AFF["ed"], AFF["msra"]], layout="two-column",
        sections=sections(27, "ml6", paras=3),
        figures=[F("Example charts and questions from the benchmark.", "raster", "full", section=0),
                 F("Accuracy by chart type.", "vector", section=3),
                 F("Model accuracy against parameter count.", "vector", "full", section=4),
                 F("Error categories.", "vector", section=5)],
        tables=[T("Benchmark statistics.", rows=4, cols=4, section=2),
                T("Accuracy of open and proprietary models.", rows=8, cols=5, section=4)])

    add("long-paper", "long paper: many figures and tables, 'Fig.' labels mixed, hyphenated words",
        title="A Large-Scale Study of Tokenizers for Code Language Models",
        authors=[A("Victor Hugo Silva", [1]), A("Maya Patel", [2]), A("Daniel Novak", [1])],
        affiliations=[AFF["cmu"], AFF["msra"]],
        sections=sections(28, "ml6", paras=4, sents=7),
        figures=[F(f"Result {i} of the tokenizer study.", ["vector", "raster", "both"][i % 3],
                   section=1 + i % 5, label_style="Fig." if i % 4 == 3 else "Figure") for i in range(1, 9)],
        tables=[T("Tokenizer vocabularies.", rows=5, cols=4, section=2),
                T("Pass@1 on HumanEval and MBPP.", rows=7, cols=4, section=4),
                T("Compression rate by language.", rows=6, cols=5, section=4)],
        abstract=_abs(28, "All tokenizers are at https://github.com/codetok/tokstudy."))

    add("figure-mentions", "body text 'Figure 3 shows', 'Fig. 2 illustrates', 'Table 1 lists' at line starts "
        "(not captions)",
        title="Sparse Autoencoders Find Interpretable Features in Protein Language Models",
        authors=[A("Ingrid Larsen", [1]), A("Jonas Berg", [1])], affiliations=[AFF["ed"]],
        sections=sections(29, extra={
            3: ["Figure 3 shows the activation of the top features along the sequence. " + prose(2901, 3),
                "Fig. 2 illustrates the dictionary size sweep, and Table 1 lists the reconstruction errors. "
                + prose(2902, 3)],
            4: ["Figure 1 summarises the pipeline: " + prose(2903, 2)]}),
        figures=[F("Pipeline from sequences to features.", "vector", section=1),
                 F("Reconstruction loss against dictionary size.", "vector", section=3),
                 F("Feature activations along a sequence.", "raster", section=3)],
        tables=[T("Reconstruction error of the autoencoders.", rows=4, cols=3, section=3)])

    add("both-kinds", "figures mixing a raster image with a vector plot",
        title="Event Cameras for High-Speed Optical Flow",
        authors=[A("Björn Þórsson", [1]), A("Søren Østergaard", [2])],
        affiliations=["University of Iceland, Reykjavík", "Technical University of Denmark"],
        figures=[F("Events and the estimated flow field.", "both", section=1),
                 F("Endpoint error against speed.", "both", section=3)])

    add("theory-no-figures", "theory paper without figures or tables",
        title="Tight Lower Bounds for Online Bipartite Matching with Delays",
        authors=[A("Mihály Szőke", [1]), A("Tomáš Dvořák", [2])],
        affiliations=["Alfréd Rényi Institute of Mathematics, Budapest, Hungary", "Charles University, Prague"],
        sections=sections(31, "theory", paras=3, sents=8), references=references(31, n=14))

    add("stamp-header", "arXiv stamp in the margin and running header; ACM-like upper-case headings",
        title="Energy-Efficient Keyword Spotting on Microcontrollers",
        authors=[A("Olivia Brown", [1]), A("Nguyen Van An", [2])], affiliations=[AFF["ut"], AFF["nus"]],
        arxiv_stamp="arXiv:2511.04321v2  [cs.LG]  14 Nov 2025", running_header="Energy-Efficient KWS on MCUs",
        layout="two-column", sections=sections(32, style="upper"), references_heading="REFERENCES",
        abstract=_abs(32, "Code: https://github.com/tinykws/kws-mcu."),
        figures=[F("Energy per inference on four boards.", "vector", section=3)],
        tables=[T("Accuracy and latency of the deployed models.", rows=5, cols=4, section=3)])

    add("dept-affiliations", "long department affiliations; first author with two affiliations",
        title="Causal Discovery from Irregularly Sampled Time Series",
        authors=[A("Grace Okafor", [1, 2]), A("Lucas Moreau", [3])],
        affiliations=["Department of Statistics, University of Oxford, Oxford, United Kingdom",
                      "The Alan Turing Institute, London, United Kingdom", AFF["inria"]],
        figures=[F("Recovered causal graphs on synthetic data.", "vector", section=3)])

    add("project-footnote", "project page and repo in separate footnotes; teaser in two-column",
        title="Gaussian Splatting for Dynamic Humans from Monocular Video",
        authors=[A("Ouyang Jing", [1], "*"), A("Alice Martin", [2], "*"), A("Hyun-Woo Kim", [1])],
        affiliations=[AFF["thu"], AFF["ed"]],
        footnotes=["* Equal contribution.", "Project page: https://dyn-gs.github.io/humans/"],
        extra_links=[("https://github.com/dyn-gs/humans-gs", "footnote")], layout="two-column",
        figures=[F("Novel views of a dancing person rendered in real time.", "raster", "teaser", subfigures=3),
                 F("Deformation field of the Gaussians.", "both", section=3)])

    add("plain-headings", "unnumbered headings; huggingface space in the body",
        title="Prompt Tuning for Low-Resource Machine Translation",
        authors=[A("Katarzyna Nowak", [1]), A("Pablo Ruiz", [1])], affiliations=[AFF["upf"]],
        sections=sections(35, style="plain"),
        extra_links=[("https://huggingface.co/spaces/lowres-mt/prompt-tuning", "body")],
        tables=[T("chrF on the FLORES-200 low-resource directions.", rows=6, cols=4, section=3)])

    add("first-affil-second", "the first author's affiliation is the second one listed; two-column teaser "
        "mixing raster and plot",
        title="Language-Guided Reward Shaping for Long-Horizon Robot Tasks",
        authors=[A("Kenji Tanaka", [2]), A("Alice Martin", [1]), A("Hyun-Woo Kim", [1, 2])],
        affiliations=[AFF["ed"], AFF["ut"]], layout="two-column",
        abstract=_abs(36, "Videos and code: https://lgrs-robot.github.io."),
        figures=[F("Rollouts of the shaped policy (left) and its return (right).", "both", "teaser"),
                 F("Success rate on the ten long-horizon tasks.", "vector", section=3)],
        tables=[T("Success rates with and without language shaping.", rows=4, cols=3, section=3)])

    add("side-by-side", "pairs of figures side by side with separate captions on the same lines (minipages), "
        "in one and two columns' worth of width",
        title="Auditing Memorisation in Small Language Models",
        authors=[A("Rosa Delgado", [1]), A("Kenji Tanaka", [1]), A("Ana Lúcia Gonçalves", [2])],
        affiliations=[AFF["upf"], "Universidade de Lisboa, Portugal"],
        figures=[F("Extraction rate by model size.", "vector", "side", section=3),
                 F("Examples of memorised sequences highlighted in the training data.", "raster", "side", section=3),
                 F("Loss on seen and unseen documents.", "vector", section=3),
                 F("Duplicates per document.", "vector", "side", section=4, label_style="Fig."),
                 F("Canary exposure over training.", "vector", "side", section=4, label_style="Fig.")])

    # ---------------------------------------------------------------- author blocks (added after the others:
    # a case's seed is its position, so new cases go last and leave the earlier PDFs unchanged)
    add("lowercase-family", "ICML-like author line: names apart by spaces only, superscript keys, one family "
        "name printed in lower case (kept as printed); affiliations only in the page-1 footnote",
        title="Audio-Guided Frame Selection for Long Video Question Answering",
        authors=[A("Rafael Ortiz", [1, 2, 3]), A("Wen Zhou", [2]), A("Amara Obi", [3]), A("Mei lin", [3]),
                 A("Jonas Berg", [2])],
        affiliations=[AFF["thu"], AFF["nus"], AFF["msra"]], affiliation_style="footnote",
        author_separator="   ", layout="two-column",
        figures=[F("Frames picked by the audio cue for one question.", "raster", section=3)])

    # ---------------------------------------------------------------- author blocks and affiliations (issue 20)
    add("grid-letter-keys", "author grid over two rows, letter keys (a, b), equal-contribution and "
        "corresponding marks after the keys",
        title="Sparse Mixture Routing for Multilingual Speech Recognition",
        authors=[A("Alice Chen", [2, 1], "*"), A("Bruno Costa", [1], "*"), A("Chiara Rossi", [2]),
                 A("Daniel Novak", [1]), A("Elena Petrova", [3]), A("Felix Wagner", [3], "†"),
                 A("Grace Okafor", [2])],
        affiliations=[AFF["cmu"], AFF["ed"], AFF["msra"]], marker_kind="letters",
        footnotes=["* Equal contribution.", "† Corresponding author."],
        figures=[F("Routing weights per language.", "vector", section=3)])

    add("inline-markers", "affiliation keys set in the body font and size, not raised ('Alice Chen1,2'), "
        "in the author line and the affiliation list",
        title="Token-Level Uncertainty for Retrieval-Augmented Generation",
        authors=[A("Alice Chen", [1, 2]), A("Bob Li", [2]), A("Carla Mendes", [1]), A("Dev Sharma", [3])],
        affiliations=[AFF["su"], AFF["gdm"], AFF["nus"]], markers_inline=True,
        figures=[F("Calibration of the token scores.", "vector", section=3)])

    add("email-lines", "each author line followed by a line with its authors' e-mails; wide spacing, "
        "two rows of names",
        title="Contrastive Pretraining for Tabular Anomaly Detection",
        authors=[A("Hannah Weber", [1]), A("Ismail Yilmaz", [1]), A("Julia Santos", [2]), A("Kofi Mensah", [2]),
                 A("Laura Bianchi", [1]), A("Marek Kowalski", [2])],
        affiliations=[AFF["tum"], AFF["eth"]], author_separator="      ", email_lines=True,
        emails=["weber@tum.de", "yilmaz@tum.de", "jsantos@ethz.ch", "kmensah@ethz.ch", "bianchi@tum.de",
                "kowalski@ethz.ch"],
        figures=[F("Anomaly scores on the credit data.", "vector", section=3)])

    add("touching-names", "names set with no space between them ('Zhu XuYang Liu'): only the capital after "
        "a lower-case letter separates them",
        title="Efficient Attention Kernels for Long Sequence Modelling",
        authors=[A("Zhu Xu", [1]), A("Yang Liu"), A("Wei Zhang"), A("Mei Lin", [2])],
        affiliations=[AFF["thu"], AFF["shlab"]], author_separator="", author_gap=0.0,
        figures=[F("Throughput of the kernels.", "vector", section=3)])

    add("gap-names", "names apart by a gap wider than a word space but no space character; no separators",
        title="Learning Sparse Reward Models from Human Preferences",
        authors=[A("Tom Fischer", [1]), A("Ana Lima"), A("Kai Yu"), A("Rita Gomes", [2])],
        affiliations=[AFF["mpi"], AFF["upf"]], author_separator="", author_gap=7.0,
        figures=[F("Reward accuracy against preference count.", "vector", section=3)])

    add("font-change-names", "touching names told apart by a font change (bold and regular alternate)",
        title="Self-Correcting Code Generation with Execution Feedback",
        authors=[A("Ravi Kumar", [1]), A("Sara Nilsson"), A("Omar Haddad"), A("Lena Vogel", [2])],
        affiliations=[AFF["iitb"], AFF["tum"]], author_separator="", author_gap=0.0,
        author_fonts=("tibo", "tiro"),
        figures=[F("Pass rate after each correction round.", "vector", section=3)])

    add("acm-caps", "ACM journal author block: names in capitals, each followed by its affiliation on the "
        "same line, 'and' before the last; a particle in capitals",
        title="Interactive Sketch-Based Modelling of Garments",
        authors=[A("ALICE CHEN", [1]), A("BOB DE VRIES", [2]), A("CARMEN RUIZ", [1]), A("DAVID OSEI", [3])],
        affiliations=["Stanford University, USA", "Delft University of Technology, Netherlands",
                      "University of Toronto, Canada"], author_style="acm",
        figures=[F("Garments modelled from sketches.", "vector", section=3)])

    add("particles", "names with particles (van, de, von, van der, da) and apostrophes",
        title="Probabilistic Circuits for Tractable Causal Inference",
        authors=[A("Jan van der Berg", [1]), A("Lucas de Oliveira", [2]), A("Ursula von Holt", [1]),
                 A("Pieter van Dijk", [1]), A("Maria da Silva", [2])],
        affiliations=["University of Amsterdam, Netherlands", "Universidade de São Paulo, Brazil"],
        figures=[F("A circuit for a causal query.", "vector", section=3)])

    add("cjk-han", "names in Han characters (PyMuPDF's china-s font), numbered affiliations",
        title="Chinese Spelling Correction with Phonetic Pretraining",
        authors=[A("张伟", [1]), A("李娜", [1, 2]), A("王芳", [2]), A("欧阳明", [1])],
        affiliations=[AFF["thu"], AFF["shlab"]], author_font="china-s",
        figures=[F("Correction accuracy by error type.", "vector", section=3)])

    add("two-affils-under", "under-author cells: the first author has two affiliations, printed one under "
        "the other",
        title="Neural Operators for Turbulent Flow Forecasting",
        authors=[A("Nadia Rahman", [1, 2]), A("Oscar Lindqvist", [3]), A("Priya Nair", [2])],
        affiliations=[AFF["ed"], "The Alan Turing Institute, London, UK", AFF["kaist"]],
        affiliation_style="under-author",
        figures=[F("Forecast error over the horizon.", "vector", section=3)])

    add("email-domain-lines", "no affiliation printed; each name line followed by its e-mails: the first "
        "author's domain is the only hint",
        title="A Simple Baseline for Test-Time Adaptation",
        authors=[A("Alice Chen"), A("Marco Bellini"), A("Yuto Sato")], affiliations=[],
        emails=["alice@cs.stanford.edu", "marco.bellini@polimi.it", "ysato@u-tokyo.ac.jp"], email_lines=True,
        author_separator="      ",
        figures=[F("Accuracy under distribution shift.", "vector", section=3)])

    # ---------------------------------------------------------------- unreadable files
    cases.append(Case("broken-truncated", broken="truncated", covers="PDF cut off half-way (interrupted download)"))
    cases.append(Case("broken-encrypted", broken="encrypted", covers="PDF that needs a user password"))
    cases.append(Case("broken-empty", broken="empty", covers="zero-byte file"))
    cases.append(Case("broken-not-pdf", broken="not-pdf", covers="an HTML page saved as .pdf"))
    cases.append(Case("scanned-image-only", broken="image-only", covers="scanned pages: images, no text layer"))
    return cases


CASES: list[Case] = _cases()
PAPERS = [c for c in CASES if c.spec is not None]
BROKEN = [c for c in CASES if c.broken is not None]


def build_case(case: Case, folder: Path) -> tuple[Path, dict]:
    path = Path(folder) / case.filename
    if case.spec is not None:
        return path, build_pdf(case.spec, path)
    base = PAPERS[0].spec
    return path, build_broken_pdf(case.broken, path, base)


def build_corpus(folder: Path, cases: list[Case] | None = None) -> list[tuple[Case, Path, dict]]:
    """Build every case into ``folder`` (truth also written as ``<name>.json`` beside each PDF)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for case in cases if cases is not None else CASES:
        path, truth = build_case(case, folder)
        path.with_suffix(".json").write_text(json.dumps(truth, indent=1, ensure_ascii=False))
        out.append((case, path, truth))
    return out


__all__ = ["Case", "CASES", "PAPERS", "BROKEN", "build_case", "build_corpus", "BREAK"]
