#!/usr/bin/env python3
"""Writes the seed corpus of fuzz_recipe_container (tests/fuzz/corpus/recipe_container/):
recipes inside files as readRecipeText reads them, a StyleMix WebP's 'SMRC' chunk, a GIF's
comment before its first image, a PNG's tEXt entry, and the damaged and lying variants of
each (valid_* must read and parse, bad_* must be refused; the extension is the name the
replay gives the file). Frames are stand-ins: the recipe reader walks chunk and block
headers only. Standard library only; deterministic.
    python3 tests/fuzz/make_recipe_container_corpus.py
"""
import json
import pathlib
import struct
import sys
import zlib

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from corpus_writer import write_seeds  # noqa: E402

OUT = pathlib.Path(__file__).resolve().parent / "corpus" / "recipe_container"

SUBJECT = {"source": {"seed": 3, "class": None}, "styles": [], "truncation": {"psi": 0.7, "cutoff": None}, "mix_with": None}
RECIPE = json.dumps({"stylemix_recipe": 1, "kind": "animation",
                     "model": {"family": "stylegan2", "path": "avatars64.safetensors", "sha256": ""},
                     "animation": {"kind": "noise", "subject": SUBJECT, "walk_to": None, "space": "w",
                                   "noise": {"mode": "random", "seed": 0, "strengths": []}, "frames": 30, "fps": 15.0}},
                    separators=(",", ":")).encode()
OTHER = RECIPE.replace(b'"fps":15.0', b'"fps":30.0')


# ---- WebP (RIFF) -------------------------------------------------------------------------

def chunk(fourcc, data, claimed=None):
    size = len(data) if claimed is None else claimed
    return fourcc + struct.pack("<I", size) + data + (b"\0" if len(data) % 2 else b"")


def riff(body):
    return b"RIFF" + struct.pack("<I", len(body) + 4) + b"WEBP" + body


FRAME = chunk(b"ANMF", bytes(16) + chunk(b"VP8L", b"\x2f" + bytes(9)))
HEAD = chunk(b"VP8X", b"\x02" + bytes(9)) + chunk(b"ANIM", bytes(6))


def webp(tail, frames=2):
    return riff(HEAD + FRAME * frames + tail)


# ---- GIF ---------------------------------------------------------------------------------

def comment(text, block=255):
    out = b"\x21\xfe"
    for i in range(0, len(text), block):
        part = text[i:i + block]
        out += bytes([len(part)]) + part
    return out + b"\0"


NETSCAPE = b"\x21\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00"
IMAGE = b"\x2c\0\0\0\0\x01\0\x01\0\x80" + bytes(6) + b"\x02\x02\x44\x01\x00"


def gif(before, table=False):
    screen = b"\x01\0\x01\0" + (b"\x80" if table else b"\0") + b"\0\0" + (bytes(6) if table else b"")
    return b"GIF89a" + screen + before + IMAGE + b";"


# ---- PNG ---------------------------------------------------------------------------------

def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(text_chunks):
    ihdr = png_chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
    idat = png_chunk(b"IDAT", zlib.compress(b"\0\0\0\0", 9))
    return b"\x89PNG\r\n\x1a\n" + ihdr + b"".join(text_chunks) + idat + png_chunk(b"IEND", b"")


def text_chunk(key, value):
    return png_chunk(b"tEXt", key + b"\0" + value)


WEBP = webp(chunk(b"SMRC", RECIPE))
GIF = gif(NETSCAPE + comment(RECIPE))

SEEDS = {
    "valid_noise.webp": WEBP,
    "valid_noise.gif": GIF,
    "valid_gif87a_colour_table.gif": b"GIF87a" + gif(comment(RECIPE), table=True)[6:],
    "valid_gif_1_byte_blocks.gif": gif(comment(RECIPE, 1)),
    "valid_webp_recipe_first.webp": riff(chunk(b"SMRC", RECIPE) + HEAD + FRAME),
    "valid_webp_unknown_chunks.webp": webp(chunk(b"JUNK", b"x") + chunk(b"SMRC", RECIPE) + chunk(b"EXIF", b"")),
    "valid_figure.png": png([text_chunk(b"Software", b"StyleMix"), text_chunk(b"stylemix-recipe", RECIPE)]),
    "valid_recipe.json": RECIPE,
    "bad_empty.webp": b"",
    "bad_text.webp": b"hello",
    "bad_riff_only.webp": b"RIFF\0\0\0\0WEBP",
    "bad_webp_cut_in_recipe.webp": WEBP[:-40],
    "bad_webp_cut_in_header.webp": WEBP[:30],
    "bad_webp_recipe_lies.webp": riff(HEAD + chunk(b"SMRC", RECIPE, claimed=0xFFFFFFF0)),
    "bad_webp_frame_lies.webp": riff(HEAD + chunk(b"ANMF", b"", claimed=0x7FFFFFFF) + chunk(b"SMRC", RECIPE)),
    "bad_webp_two_recipes.webp": webp(chunk(b"SMRC", RECIPE) + chunk(b"SMRC", OTHER)),
    "bad_webp_recipe_nested.webp": webp(chunk(b"ANMF", chunk(b"SMRC", RECIPE))),
    "bad_webp_recipe_past_riff_end.webp": webp(b"") + chunk(b"SMRC", RECIPE),
    "bad_webp_recipe_empty.webp": webp(chunk(b"SMRC", b"")),
    "bad_webp_recipe_not_json.webp": webp(chunk(b"SMRC", b"\x1b[31m\0\x07")),
    "bad_webp_fourcc_escape.webp": riff(chunk(b"\x1b[2J", b"", claimed=0x7FFFFFFF)),
    "bad_empty.gif": b"",
    "bad_gif_cut_in_header.gif": GIF[:8],
    "bad_gif_cut_in_recipe.gif": GIF[:200],
    "bad_gif_sub_block_lies.gif": gif(b"")[:13] + b"\x21\xfe\xff" + RECIPE[:20],
    "bad_gif_two_comments.gif": gif(comment(RECIPE) + comment(OTHER)),
    "bad_gif_comment_after_image.gif": gif(b"")[:-1] + comment(RECIPE) + b";",
    "bad_gif_no_comment.gif": gif(NETSCAPE),
    "bad_gif_table_cut.gif": b"GIF89a\x01\0\x01\0\x87\0\0" + bytes(100),
    "bad_png_no_recipe.png": png([text_chunk(b"Software", b"StyleMix")]),
    "bad_png_bad_crc.png": png([text_chunk(b"stylemix-recipe", RECIPE)]).replace(b"\"fps\":15.0", b"\"fps\":15.5"),
    "bad_png_named.gif": png([]),
}


def main():
    write_seeds(OUT, SEEDS, 8192)


if __name__ == "__main__":
    main()
