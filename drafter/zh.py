"""Every English message drafter can meet, and its Chinese — in one place.

drafter's own messages are written in Chinese where they are raised. What comes from the
libraries it stands on is English: ruamel.yaml's syntax errors, Jinja2's template errors,
click's (typer's) usage errors and help frame, pydantic's type names, and the operating
system's error names. The tables that translate them all live here, so that a missing
translation has one place to be added and a reviewer one place to read; the modules that
meet the messages (yamlio, templating, cli_i18n, validation, errors) only look them up.
"""

from __future__ import annotations

from typing import Any

# The patterns below are text, compiled by the re module (and kept in its cache) when a message
# is first translated: they are read only when something went wrong, never on a build's path.


# -- ruamel.yaml (drafter.yamlio) ----------------------------------------------------------------------
# (ruamel's wording as a regular expression, the context it must appear in or "", Chinese, hint)
YAML_PROBLEMS: list[tuple[str, str, str, str | None]] = [
    (r"found character '\\t' that cannot start any token", "", "用了制表符（Tab）",
     "YAML 只能用空格缩进，请把 Tab 换成空格"),
    (r"found a tab character", "", "用了制表符（Tab）", "YAML 只能用空格缩进，请把 Tab 换成空格"),
    (r"found character '(.)' that cannot start any token", "", "「{0}」不能写在值的开头",
     "以 @、`、% 等符号开头的文字请加引号"),
    (r"mapping values are not allowed", "", "此处不能出现冒号映射（冒号后缺空格或缩进不对？）",
     "键和值之间写“: ”（冒号加空格）；值里有“: ”时请给值加引号"),
    (r"could not find expected ':'", "", "缺少冒号", "每个键后面写“: ”；多行文字请写在“|”下面并缩进"),
    (r"found unexpected end of stream", "quoted scalar", "引号没有闭合", "请检查引号是否成对"),
    (r"found unexpected end of stream", "", "文件意外结束", None),
    (r"more indented follow up line than first", "", "多行文字（“|”或“>”）开头的空行比第一行文字缩进得多",
     "请删除这些空行里多余的空格，或在“|”后写明缩进的格数"),
    (r"found unexpected document separator", "quoted scalar", "引号没有闭合（引号里出现了“---”或“...”这样的行）",
     "请检查引号是否成对"),
    (r"expected <block end>, but found '<block mapping start>'", "", "缩进不对齐（这一行与同一层的其他行缩进不同）",
     "同一层的键要左对齐，下一层比上一层多缩进两个空格"),
    (r"expected <block end>, but found '<block sequence start>'", "", "列表项缩进不对齐",
     "同一个列表的“- ”要上下对齐"),
    (r"expected <block end>, but found '-'", "", "“- ”列表项的位置不对（缩进不对齐，或上一层不是列表）",
     "同一个列表的“- ”要上下对齐"),
    (r"expected <block end>, but found '\?'", "", "缩进不对齐（或列表项缺少“- ”）", None),
    (r"expected <block end>, but found '<scalar>'", "", "这一行多了内容（引号后还有文字、缺少冒号或缩进不对？）",
     "整段文字带引号时，引号要包住全部内容"),
    (r"expected <block end>", "", "缩进不对齐", None),
    (r"expected ',' or '\]'", "", "方括号 [ ] 没有闭合，或列表项之间缺少逗号", "[ ] 要成对，项之间用“, ”分隔"),
    (r"expected ',' or '}'", "", "花括号 { } 没有闭合，或项之间缺少逗号", "{ } 要成对，项之间用“, ”分隔"),
    (r"found undefined alias", "", "引用了未定义的锚点（“*”后面的名称）", "以“*”开头的文字请加引号"),
    (r"but found another document", "", "一个文件只能有一个文档（多了一行“---”？）", "请删除多余的“---”"),
    (r"expected a single document", "", "一个文件只能有一个文档（多了一行“---”？）", "请删除多余的“---”"),
    (r"expected alphabetic or numeric character", "", "“&”或“*”后面缺少名称", "以 & 或 * 开头的文字请加引号"),
    (r"found unknown escape character", "", "双引号里的“\\”转义无法识别",
     "要写“\\”本身请写成“\\\\”，或改用单引号"),
    (r"expected the node content", "", "此处缺少值", None),
    (r"expected a comment or a line break", "block scalar", "“|”或“>”后面不能接文字",
     "多行文字从下一行开始写，并比键多缩进"),
    (r"expected indentation indicator", "", "“|”或“>”后面的缩进数字只能是 1 到 9", None),
    (r"expected '?<document start>'?", "", "文档开头的写法不对（“%”开头的指令之后要有一行“---”，“...”之后不能再有内容）",
     "以 % 开头的文字请加引号"),
    (r"found unexpected ':'", "", "此处不能出现冒号", "值里有冒号时请给值加引号"),
    (r"expected ' ', but found", "directive", "“%”开头的指令写法不对", "以 % 开头的文字请加引号"),
    (r"found unknown directive|found incompatible YAML document", "", "“%”开头的指令无法识别",
     "以 % 开头的文字请加引号"),
    (r"expected '!',? but found|expected URI", "", "“!”开头的标签写法不对", "以 ! 开头的文字请加引号"),
    (r"expected ' ', but found", "tag", "“!”开头的标签后面要有空格", "以 ! 开头的文字请加引号"),
    (r"expected chomping or indentation indicators", "block scalar", "“|”或“>”后面只能写 +、- 或 1 到 9 的数字",
     "多行文字从下一行开始写，并比键多缩进"),
    (r"sequence entries are not allowed here", "", "此处不能开始“- ”列表项",
     "同一个列表的“- ”要上下对齐；以“- ”开头的文字请加引号"),
    (r"mapping keys are not allowed here", "", "此处不能出现“? ”", "以 ? 开头的文字请加引号"),
    (r"expected '>'", "tag", "“!<”开头的标签缺少“>”", "以 ! 开头的文字请加引号"),
    (r"expected a digit", "directive", "“%YAML”指令的版本号写法不对", "以 % 开头的文字请加引号"),
    (r"expected a comment or a line break", "directive", "“%”开头的指令后面多了内容", "以 % 开头的文字请加引号"),
    (r"found non-comment content after document end marker", "", "“...”（文档结束）之后不能再有内容",
     "请删除“...”这一行或它后面的内容"),
    (r"failed to decode base64 data", "", "不支持二进制数据（!!binary）", "请去掉“!!binary”"),
    (r'found duplicate merge key', "", "“<<”合并键重复出现", "要合并几个映射请写成“<<: [*甲, *乙]”"),
    (r"duplicate tag handle", "", "“%TAG”指令重复定义了同一个标签简写", "请删除多余的一行"),
    (r"found undefined tag handle", "", "标签用了没有用“%TAG”定义的简写（!名称!）", "以 ! 开头的文字请加引号"),
    (r"expected a mapping of length 1", "", "标签「!!omap」或「!!pairs」的列表里，每一项都要是只有一个键的映射",
     "请去掉这个标签"),
    (r"found duplicate anchor", "", "锚点重复定义", None),
    (r"found duplicate YAML directive", "", "“%YAML”指令重复", "请删除多余的一行"),
    (r"expected a (?:scalar|sequence|mapping) node, but found", "", "标签与值的类型不符（例如给列表加了 !!int）",
     "请去掉这个标签"),
    (r'failed to construct timestamp from "(.*)"', "", "「{0}」不是日期或时间",
     "请去掉“!!timestamp”，或写成 2023-02-10 的形式"),
    (r"expected a mapping (?:or list of mappings )?for merging", "", "“<<”合并的只能是映射（或映射的列表）",
     "“<<: *名称”里的锚点要指向一个映射"),
    (r"'utf-8' codec can't decode", "", "“!”开头的标签里的 % 转义不是有效的 UTF-8 文字", "以 ! 开头的文字请加引号"),
    (r"expected escape sequence of (\d+) hexdecimal numbers", "", "双引号里的“\\x”“\\u”“\\U”转义后面要跟 {0} 位十六进制数字",
     "要写“\\”本身请写成“\\\\”，或改用单引号"),
]


# -- Jinja2 (drafter.templating) -----------------------------------------------------------------------
JINJA_TOKENS = {
    "end of print statement": "}}",
    "end of statement block": "%}",
    "end of template": "模板结尾",
    "begin of print statement": "{{",
    "begin of statement block": "{%",
    "name": "名称",
    "integer": "整数",
    "float": "小数",
    "string": "文字",
}


def _token(text: str) -> str:
    return JINJA_TOKENS.get(text, text)


JINJA_SYNTAX: list[tuple[str, Any]] = [
    (r"^unexpected '\}'", "多了一个“}”"),
    (r"^unexpected end of template", "模板意外结束（缺少“}}”或“{% end… %}”）"),
    (r"^expected token 'end of print statement'", "“{{ }}”里只能写一个变量名"),
    (r"^Unexpected end of template\..*looking for the following tags: '(\w+)'",
     lambda m: f"模板意外结束：缺少“{{% {m.group(1)} %}}”"),
    (r"^Unexpected end of template", "模板意外结束（缺少“}}”或“{% end… %}”）"),
    (r"^Encountered unknown tag '([^']*)'\..*(?:looking for|expecting)[^']*'(\w+)'",
     lambda m: f"标签「{m.group(1)}」出现的位置不对：此处应先有“{{% {m.group(2)} %}}”"),
    (r"^Encountered unknown tag '([^']*)'",
     lambda m: f"不认识的标签「{m.group(1)}」（块中可用 if、for、set、macro）"),
    (r"^expected token '([^']*)', got '([^']*)'",
     lambda m: f"此处应为“{_token(m.group(1))}”，实际是“{_token(m.group(2))}”"),
    (r"^unexpected char '(.*)' at \d+", lambda m: f"不认识的字符 {m.group(1)}"),
    (r"^unexpected '([^']*)'", lambda m: f"此处不应出现“{_token(m.group(1))}”"),
    (r"^tag name expected", "“{%”后缺少标签名"),
    (r"^missing end of comment tag", "注释缺少结尾的“#}”"),
    (r"^unexpected end of string|^unterminated string", "引号没有配对"),
    (r"^expected name or number", "“.”后应为名称或数字"),
    (r"^expected subscript expression", "方括号中缺少下标"),
]


# -- click / typer (drafter.cli_i18n) ------------------------------------------------------------------
CLICK = {
    "Usage:": "用法： ",
    "Options": "选项",
    "Arguments": "参数",
    "Commands": "命令",
    "Error": "错误",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本并退出。",
    "Try '{command} {option}' for help.": "运行“{command} {option}”查看帮助。",
    "Try [blue]'{command_path} {help_option}'[/] for help.": "运行 [blue]“{command_path} {help_option}”[/] 查看帮助。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing command.": "缺少命令。",
    "Missing argument '{param_name}'.": "缺少参数“{param_name}”。",
    "No such command {name!r}.": "没有命令 {name!r}。",
    "No such option {name!r}.": "没有选项 {name!r}。",
    "No such option: {name}": "没有选项：{name}",
    "Option {name!r} does not take a value.": "选项 {name!r} 不接受取值。",
    "Option {name!r} requires an argument.": "选项 {name!r} 需要一个取值。",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的取值无效：{message}",
    "Invalid value: {message}": "取值无效：{message}",
    "{value!r} is not one of {choices}.": "{value!r} 不在可选范围 {choices} 内。",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的{number_type}。",
    "Error: {message}": "错误：{message}",
    "Aborted!": "已中止。",
    "Aborted.": "已中止。",
    "default: {default}": "默认：{default}",
    "[default: {}]": "[默认：{}]",
    "required": "必填",
    "[required]": "[必填]",
    "(deprecated) ": "（已弃用）",
    "env var: {var}": "环境变量：{var}",
    "[env var: {}]": "[环境变量：{}]",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在。",
    "file": "文件",
    "directory": "文件夹",
    "path": "路径",
    "Path": "路径",
    "File": "文件",
    "Directory": "文件夹",
}


# Usage errors come from click (or typer's vendored copy) as formatted English, some built
# from pieces ("No such command 'x'. Did you mean 'y'?"): each piece is replaced where it occurs.
CLICK_ERRORS = (
    (r"Missing argument '([^']+)'\.?", "缺少参数“{0}”。"),
    (r"Missing option '([^']+)'\.?", "缺少选项“{0}”。"),
    (r"Missing parameter:? '?([^'.]+)'?\.?", "缺少参数“{0}”。"),
    (r"No such option: (\S+)", "没有选项：{0}"),
    (r"No such command '([^']+)'\.?", "没有命令“{0}”。"),
    (r"Option '([^']+)' requires an argument\.?", "选项“{0}”需要一个取值。"),
    (r"Option '([^']+)' requires (\d+) arguments\.?", "选项“{0}”需要 {1} 个取值。"),
    (r"Option '([^']+)' does not take a value\.?", "选项“{0}”不带取值。"),
    (r"Got unexpected extra arguments? ?(?:\(s\))? \((.+)\)", "多余的参数：{0}"),
    (r"Missing command\.?", "缺少命令。"),
    (r"\.? ?Did you mean (.+)\?", "您是不是想用 {0}？"),
    (r"\(Possible options: (.+)\)", "（可选：{0}）"),
    (r"Invalid value for '([^']+)': (.+)", "“{0}”的取值无效：{1}"),
    (r"'([^']+)' is not a valid (integer|float|boolean)\.?", "“{0}”不是有效的{1}。"),
    (r"'([^']+)' is not one of (.+)\.?", "“{0}”不在可选范围 {1} 内。"),
    (r"Path '([^']+)' does not exist\.?", "路径“{0}”不存在。"),
    (r"^Aborted!?\.?$", "已中止。"),
)
CLICK_WORDS = {"integer": "整数", "float": "数字", "boolean": "true/false 值"}


RICH_CONSTANTS = {
    "ARGUMENTS_PANEL_TITLE": "Arguments",
    "OPTIONS_PANEL_TITLE": "Options",
    "COMMANDS_PANEL_TITLE": "Commands",
    "ERRORS_PANEL_TITLE": "Error",
    "ABORTED_TEXT": "Aborted.",
    "RICH_HELP": "Try [blue]'{command_path} {help_option}'[/] for help.",
    "DEFAULT_STRING": "[default: {}]",
    "REQUIRED_LONG_STRING": "[required]",
    "ENVVAR_STRING": "[env var: {}]",
    "DEPRECATED_STRING": "(deprecated) ",
}


# -- pydantic's error types (drafter.validation) -------------------------------------------------------
PYDANTIC_TYPES = {
    "string_type": "文字",
    "int_type": "整数",
    "int_parsing": "整数",
    "int_from_float": "整数",
    "float_type": "数字",
    "float_parsing": "数字",
    "bool_type": "true 或 false",
    "bool_parsing": "true 或 false",
    "list_type": "列表（每行以“- ”开头）",
    "dict_type": "映射（“键: 值”）",
    "model_type": "映射（“键: 值”）",
    "model_attributes_type": "映射（“键: 值”）",
    "date_type": "日期（如 2023-02-10）",
    "date_parsing": "日期（如 2023-02-10）",
    "date_from_datetime_parsing": "日期（如 2023-02-10）",
}


# -- the operating system (drafter.errors.os_message) --------------------------------------------------
OS_ERRORS = {
    "EACCES": "没有权限", "EPERM": "没有权限", "ENOENT": "文件或文件夹不存在", "EISDIR": "这是一个文件夹",
    "ENOTDIR": "路径中有一段不是文件夹", "ENOSPC": "磁盘空间已满", "EDQUOT": "磁盘配额已满",
    "EROFS": "磁盘或文件夹是只读的", "EEXIST": "文件已存在", "EBUSY": "文件正被占用", "ETXTBSY": "文件正被占用",
    "EMFILE": "同时打开的文件太多", "ENFILE": "同时打开的文件太多", "ENAMETOOLONG": "文件名太长",
    "ELOOP": "路径中的符号链接形成了循环", "EXDEV": "不能跨磁盘移动文件", "EIO": "磁盘读写出错",
    "EINVAL": "参数无效", "EFBIG": "文件太大", "ENXIO": "设备不存在", "ENODEV": "设备不存在",
}
