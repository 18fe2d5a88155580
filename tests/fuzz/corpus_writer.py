"""Writes a fuzz seed corpus: the one way the tests/fuzz/make_*_corpus.py scripts store their seeds."""


def write_seeds(out, seeds, max_bytes):
    """Writes each name -> bytes of `seeds` into folder `out` (a pathlib.Path), refusing any seed
    over `max_bytes` (fuzzers start from small inputs), and says how many it wrote."""
    out.mkdir(parents=True, exist_ok=True)
    for name, content in sorted(seeds.items()):
        assert len(content) < max_bytes, name
        (out / name).write_bytes(content)
    print("wrote %d seeds to %s" % (len(seeds), out))
