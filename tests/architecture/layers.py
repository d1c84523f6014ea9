#!/usr/bin/env python3
"""The core's layers (docs/architecture.md), checked: a file in src/core/LAYER/ includes project
headers only as "LAYER/name.hpp" (or <LAYER/name.hpp>), and only from its own layer or one its
CMake library links (src/CMakeLists.txt, PUBLIC links taken transitively, which must themselves
point downwards); third-party libraries only in the layers that read or write their format; no
terminal I/O in the core.

usage: layers.py SRC_CORE_DIR              exit 1 and one line per problem
       layers.py --self-test SRC_CORE_DIR  plants each kind of problem in a copy and expects it found
"""
import os
import re
import shutil
import sys
import tempfile

LAYERS = ["base", "model", "lang", "eval", "io", "report", "audit", "interop"]
RANK = {name: i for i, name in enumerate(LAYERS)}
# Third-party headers, and the layers allowed to include them.
THIRD_PARTY = {
    r"yaml-cpp/": {"lang"},
    r"nlohmann/": {"io", "interop"},
    r"rapidjson/": {"io"},
    r"nettle/": {"base"},
    r"utf8proc.h": {"base"},
    r"bdd.h": {"audit"},
    r"histedit.h": set(),  # line editing: the CLI only
    r"CLI/": set(),
    r"iostream": set(),
}
TERMINAL = re.compile(r"\b(std::cout|std::cerr|std::clog|std::cin|isatty|getchar|tcsetattr|printf|fprintf|puts|fputs|"
                      r"perror|putchar|stdout|stderr)\b")
LINK = re.compile(r"target_link_libraries\(backtriage_(\w+)\s+PUBLIC\s+([^)]*?)\s*(?:PRIVATE|\))")


def allowed_layers(core):
    """Each layer and the layers it may include: itself and what its library links, transitively."""
    cmake = open(os.path.join(os.path.dirname(core.rstrip("/")), "CMakeLists.txt"), encoding="utf-8").read()
    direct = {layer: set() for layer in LAYERS}
    for m in LINK.finditer(cmake):
        if m.group(1) in direct:
            direct[m.group(1)] = {d[len("backtriage_"):] for d in m.group(2).split() if d[len("backtriage_"):] in RANK}
    closed = {}
    for layer in LAYERS:
        seen, todo = {layer}, list(direct[layer])
        while todo:
            d = todo.pop()
            if d not in seen:
                seen.add(d)
                todo += direct[d]
        closed[layer] = seen
    return direct, closed
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)


def problems(core):
    out = []
    direct, reach = allowed_layers(core)
    for layer, deps in direct.items():
        for d in sorted(deps):
            if RANK[d] >= RANK[layer]:
                out.append(f"src/CMakeLists.txt: backtriage_{layer} links backtriage_{d}, which is not below it")
    for layer in sorted(os.listdir(core)):
        path = os.path.join(core, layer)
        if not os.path.isdir(path):
            out.append(f"{path}: a file outside the layer folders")
            continue
        if layer not in RANK:
            out.append(f"{path}: not a layer ({', '.join(LAYERS)})")
            continue
        for name in sorted(os.listdir(path)):
            file = os.path.join(path, name)
            text = open(file, encoding="utf-8").read()
            for m in INCLUDE.finditer(text):
                line = text.count("\n", 0, m.start()) + 1
                where = f"{file}:{line}"
                kind, target = m.group(1), m.group(2)
                if kind == "<" and target.split("/")[0] in RANK:
                    kind = '"'  # a project header in angle brackets is still a project header
                if kind == '"':
                    parts = target.split("/")
                    if len(parts) != 2 or parts[0] not in RANK:
                        out.append(f'{where}: include "{target}" names no layer (write "LAYER/{parts[-1]}")')
                    elif not os.path.exists(os.path.join(core, target)):
                        out.append(f'{where}: include "{target}": no such header')
                    elif RANK[parts[0]] > RANK[layer]:
                        out.append(f'{where}: {layer} includes "{target}" from the higher layer {parts[0]}')
                    elif parts[0] not in reach[layer]:
                        out.append(f'{where}: {layer} includes "{target}", but backtriage_{layer} does not link '
                                   f"backtriage_{parts[0]}")
                else:
                    for prefix, allowed in THIRD_PARTY.items():
                        if target.startswith(prefix) and layer not in allowed:
                            places = ", ".join(sorted(allowed)) or "none of the core"
                            out.append(f"{where}: <{target}> in {layer} (allowed in: {places})")
            code = re.sub(r"//[^\n]*", "", text)  # comments may name them
            for m in TERMINAL.finditer(code):
                line = code.count("\n", 0, m.start()) + 1
                out.append(f"{file}:{line}: terminal I/O ({m.group(1)}) in the core")
    return out


def self_test(core):
    plants = [
        ("base/text.hpp", '#include "report/report.hpp"\n', "from the higher layer report"),
        ("model/model.hpp", '#include "evaluator.hpp"\n', "names no layer"),
        ("eval/session.cpp", "#include <yaml-cpp/yaml.h>\n", "<yaml-cpp/yaml.h> in eval"),
        ("report/json_writer.cpp", "#include <nlohmann/json.hpp>\n", "<nlohmann/json.hpp> in report"),
        ("lang/loader.cpp", "static void f() { std::cout << 1; }\n", "terminal I/O"),
        ("lang/loader.cpp", 'static void g() { std::fprintf(stderr, "x"); }\n', "terminal I/O (fprintf)"),
        ("base/text.hpp", "#include <report/report.hpp>\n", "from the higher layer report"),
        ("eval/session.cpp", '#include "lang/loader.hpp"\n', "does not link backtriage_lang"),
    ]
    failures = 0
    for rel, line, expected in plants:
        with tempfile.TemporaryDirectory() as tmp:
            copy = os.path.join(tmp, "src", "core")
            shutil.copytree(core, copy)
            shutil.copy(os.path.join(os.path.dirname(core.rstrip("/")), "CMakeLists.txt"), os.path.join(tmp, "src"))
            with open(os.path.join(copy, rel), "a", encoding="utf-8") as f:
                f.write(line)
            found = problems(copy)
            if not any(expected in p for p in found):
                print(f"FAIL: planting {line.strip()!r} in {rel} was not reported ({expected!r})")
                failures += 1
    return failures


def main():
    if sys.argv[1:2] == ["--self-test"]:
        core = sys.argv[2]
        bad = problems(core)
        failures = self_test(core) + len(bad)
        for p in bad:
            print(p)
    else:
        bad = problems(sys.argv[1])
        for p in bad:
            print(p)
        failures = len(bad)
    print("ok" if failures == 0 else f"{failures} problem(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
