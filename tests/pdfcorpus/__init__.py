"""A generated ground-truth corpus of paper PDFs for measuring ``paperbrief.pdf.extract_pdf``: the specs
(``specs``), the metrics (``metrics``, shared with ``bench/extract.py``) and a session fixture
(``fixtures``)."""
