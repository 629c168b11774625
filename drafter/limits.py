"""Every limit drafter puts on what it reads and makes, in one place.

Blocks, configs and last year's documents travel between offices, so no input may make
a run take minutes or gigabytes. Each limit is far above what a real 公文 needs (a long
work report is ~30,000 characters, 300 paragraphs, four levels deep) and is named in the
Chinese message given when it is hit, so the user knows what to change. README's
"drafter 的保证" section lists them.
"""

from __future__ import annotations

MB = 1024 * 1024

# Files read
MAX_YAML_BYTES = 2 * MB  # a config or block file
MAX_TEXT_BYTES = 20 * MB  # a .txt to import
MAX_DOCX_BYTES = 50 * MB  # a .docx to import, as stored
MAX_DOCX_UNPACKED = 200 * MB  # all parts of a .docx, unpacked (a zip bomb stops here)
MAX_DOCX_PART = 100 * MB  # one part (word/document.xml …), unpacked
MAX_DOCX_RATIO = 200  # unpacked / packed size of one part: ordinary XML compresses ~10x
MAX_CACHE_ENTRY = 32 * MB  # one parsed file in the YAML cache (200,000 values pickle to ~6 MB); larger: not cached

# Structure
MAX_YAML_DEPTH = 64  # nested mappings/lists in a YAML file
MAX_YAML_NODES = 50_000  # values in one YAML file after aliases are expanded
MAX_ITEM_DEPTH = 8  # items inside items in a config or document (公文 uses four levels)
MAX_PARAGRAPHS = 20_000  # paragraphs in one document

# Text
MAX_DIGITS = 30  # digits of a number in a config (a 5,000-digit number is not a target)

# Messages
MAX_PROBLEMS = 100  # problems listed for one file; the rest are counted ("其余 N 个")

# Templates (per render: one block's title or body, or one piece of text in a config);
# drafter.templating's docstring says how each is enforced
MAX_TEMPLATE_CHARS = 20_000  # characters of one template's source
MAX_OUTPUT_CHARS = 200_000  # characters one render produces ("20 万字")
MAX_VALUES = 10_000  # parameter values and blanks printed by one render
MAX_TEXT_CHARS = 10_000  # a text or list built by *, + or ~ in a template
MAX_NUMBER_DIGITS = 30  # digits of a number a template computes
MAX_LOOP_ITERATIONS = 1_000  # iterations of all for-loops of one render together
MAX_CALLS = 1_000  # macro calls in one render
MAX_CALL_DEPTH = 20  # macros calling macros
MAX_RENDER_SECONDS = 2.0  # time for one render
