"""Deterministic filler prose, section skeletons and references for the generated corpus."""

from __future__ import annotations

import random

from paperbrief.samples.pdfbuild import SectionSpec

_SUBJ = ["Our method", "The proposed model", "This approach", "The student network", "The encoder",
         "A lightweight adapter", "The denoising network", "Our training objective", "The retrieval module",
         "The scheduler", "Each attention layer", "The latent representation"]
_VERB = ["reduces", "improves", "stabilizes", "accelerates", "regularizes", "simplifies", "preserves",
         "captures", "decouples", "outperforms", "generalizes", "compresses"]
_OBJ = ["the sampling cost by a large margin", "the fidelity of generated samples",
        "long-range dependencies in the input", "the variance of the gradient estimator",
        "strong baselines on three benchmarks", "the memory footprint during inference",
        "semantic structure across time steps", "fine details that earlier work loses",
        "the alignment between text and image", "robustness to distribution shift",
        "the number of function evaluations", "training without extra supervision"]
_TAIL = ["while keeping the architecture unchanged", "at a fraction of the compute", "on every dataset we tried",
         "without any additional labels", "in both the low- and high-data regimes", "as shown by our ablations",
         "with negligible overhead", "even for long sequences", "under the same training budget",
         "when the number of steps is small"]
_OPEN = ["In contrast to prior work,", "Moreover,", "In practice,", "Importantly,", "As a consequence,",
         "Empirically,", "To this end,", "Furthermore,", "Concretely,", "Notably,"]
_LONG = ["reparameterization", "straightforward", "computational", "interpolation", "generalization",
         "representations", "considerably", "architectural", "differentiable", "conditioning",
         "hyperparameters", "convergence", "approximation", "benchmarking"]


def sentence(rng: random.Random) -> str:
    s = f"{rng.choice(_SUBJ)} {rng.choice(_VERB)} {rng.choice(_OBJ)} {rng.choice(_TAIL)}."
    if rng.random() < 0.35:
        s = f"{rng.choice(_OPEN)} {s[0].lower()}{s[1:]}"
    if rng.random() < 0.3:
        s = s[:-1] + f", and the {rng.choice(_LONG)} of the {rng.choice(_LONG)} step remains stable."
    return s


def prose(seed: int, n: int = 5) -> str:
    rng = random.Random(seed)
    return " ".join(sentence(rng) for _ in range(n))


NAMES = {
    "intro": ["Introduction"],
    "ml": ["Introduction", "Related Work", "Method", "Experiments", "Conclusion"],
    "ml6": ["Introduction", "Related Work", "Background", "Method", "Experiments", "Conclusion"],
    "theory": ["Introduction", "Preliminaries", "Main Results", "Proof Overview", "Discussion"],
    "short": ["Introduction", "Approach", "Results"],
}


def heading(style: str, i: int, name: str) -> str:
    """Numbered heading as printed: arabic "1 Introduction", dot "1. Introduction", roman
    "I. INTRODUCTION", upper "1 INTRODUCTION", plain "Introduction"."""
    roman = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
    if style == "arabic":
        return f"{i} {name}"
    if style == "dot":
        return f"{i}. {name}"
    if style == "roman":
        return f"{roman[i - 1]}. {name.upper()}"
    if style == "upper":
        return f"{i} {name.upper()}"
    if style == "plain":
        return name
    raise ValueError(style)


def sub_heading(style: str, i: int, j: int, name: str) -> str:
    if style == "roman":
        return f"## {'ABCDEFG'[j - 1]}. {name}"
    if style == "plain":
        return f"## {name}"
    return f"## {i}.{j} {name}"


def sections(seed: int, names: str | list[str] = "ml", style: str = "arabic", paras: int = 2, sents: int = 6,
             subsections: bool = True, extra: dict[int, list[str]] | None = None) -> list[SectionSpec]:
    """Body sections with prose; ``extra`` maps a 0-based section index to paragraphs added at its end."""
    names = NAMES[names] if isinstance(names, str) else names
    out = []
    for i, name in enumerate(names, 1):
        ps = [prose(seed * 100 + i * 10 + k, sents) for k in range(paras)]
        if subsections and name in ("Method", "Experiments", "Approach", "Main Results") and paras >= 2:
            ps.insert(1, sub_heading(style, i, 1, "Setup" if name != "Method" else "Overview"))
            ps.append(sub_heading(style, i, 2, "Analysis" if name != "Method" else "Training"))
            ps.append(prose(seed * 100 + i * 10 + 9, sents))
        if extra and (i - 1) in extra:
            ps.extend(extra[i - 1])
        out.append(SectionSpec(heading(style, i, name), ps))
    return out


_REF_AUTH = ["J. Ho", "A. Jain", "P. Abbeel", "R. Rombach", "A. Blattmann", "Y. Song", "S. Ermon", "T. Karras",
             "M. Aittala", "C. Saharia", "W. Chan", "A. Vaswani", "N. Shazeer", "K. He", "X. Zhang", "J. Sohl-Dickstein"]
_REF_TITLE = ["Denoising diffusion probabilistic models", "High-resolution image synthesis with latent diffusion models",
              "Score-based generative modeling through stochastic differential equations",
              "Elucidating the design space of diffusion-based generative models", "Attention is all you need",
              "Deep residual learning for image recognition", "Photorealistic text-to-image diffusion models",
              "Deep unsupervised learning using nonequilibrium thermodynamics", "Progressive distillation for fast sampling",
              "Classifier-free diffusion guidance", "Consistency models", "Scalable diffusion models with transformers"]
_VENUES = ["In NeurIPS", "In CVPR", "In ICLR", "In ICML", "In ECCV", "arXiv preprint arXiv:2112.10752",
           "IEEE Trans. Pattern Anal. Mach. Intell.", "In ICCV"]


def references(seed: int, n: int = 8, urls: dict[int, str] | None = None) -> list[str]:
    """``urls`` maps a 0-based reference index to a URL printed at its end."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        k = rng.randint(1, 4)
        auth = rng.sample(_REF_AUTH, k)
        authors = ", ".join(auth[:-1]) + (", and " if k > 2 else " and ") + auth[-1] if k > 1 else auth[0]
        ref = f"{authors}. {rng.choice(_REF_TITLE)}. {rng.choice(_VENUES)}, {rng.randint(2015, 2025)}."
        if urls and i in urls:
            ref += f" {urls[i]}"
        out.append(ref)
    return out
