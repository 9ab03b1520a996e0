# Over 400 lines: one benchmark script (sizes, backends, floors, site build), run by hand.
"""Benchmarks: load time and peak memory, the analysis queries on every backend, CLI
start-up; each row with its ratio to plain rdflib (parse + query in memory) measured in
the same run. A script a person runs (not a timed test); it prints a Markdown table.

    python benchmarks/bench.py                       # 10^4, 10^5, 10^6 triples
    python benchmarks/bench.py --sizes 10000 --cap 10   # a quick look
    python benchmarks/bench.py --whole --sizes 1000000  # whole-graph commands vs floor

``--whole`` (issue 11.2): each whole-graph command run as the whole ``kgraph`` process
on ``oxigraph:PATH`` (every plan), beside a bare Python process that opens the same store
and runs one hand-written floor query giving the same rows (``FLOORS``), beside plain
rdflib parsing the file and running that SPARQL; then ``kgraph site build --store``
with ``/usr/bin/time -v`` (wall time and peak RSS).

rdflib is given at most --cap seconds per operation (SIGALRM); an operation that ran
out of time at one size is not tried at the bigger ones (shown as "> cap").
Each backend runs in a child process of its own, so peak memory is that backend's.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BOARD = "aldshire-health-and-wellbeing-board"  # the generator's first council always has it
NAMED = ["coverage", "governance", "entity_labels", "aliases", "unowned_strategies",
         "unlinked_indicators", "idle_boards", "plan_strategies", "indicators"]
ANALYSES = ["coverage", "gaps", "overlaps", "trace"]


class OutOfTime(Exception):
    pass


# --------------------------------------------------------------------------- children


def operations(source: Any, plan_iri: str) -> dict[str, Callable[[], Any]]:
    from rdflib import URIRef

    from kgraph import queries
    from kgraph.analysis.coverage import coverage
    from kgraph.analysis.gaps import gaps
    from kgraph.analysis.overlaps import overlaps
    from kgraph.analysis.trace import trace

    slug = plan_iri.rsplit("/", 1)[-1]
    ops: dict[str, Callable[[], Any]] = {
        "coverage": lambda: coverage(source, slug),
        "gaps": lambda: gaps(source, slug),
        "overlaps": lambda: overlaps(source, slug),
        "trace": lambda: trace(source, BOARD),
    }
    for name in NAMED:
        bind = {"plan": URIRef(plan_iri)} if "?plan (IRI)" in queries.get(name).text else {}
        ops[f"{name}.rq"] = (lambda n=name, b=bind: queries.select(source, n, **b))
    return ops


def timed(func: Callable[[], Any], cap: float | None) -> float | None:
    """Seconds (median of up to 3 runs while fast), None past the cap."""
    runs = []
    for _ in range(3):
        if cap:
            signal.setitimer(signal.ITIMER_REAL, cap)
        start = time.perf_counter()
        try:
            func()
        except OutOfTime:
            return None
        finally:
            if cap:
                signal.setitimer(signal.ITIMER_REAL, 0)
        runs.append(time.perf_counter() - start)
        if sum(runs) > 1.0:
            break
    return statistics.median(runs)


def child(args: argparse.Namespace) -> None:
    def alarm(*_: object) -> None:
        raise OutOfTime

    signal.signal(signal.SIGALRM, alarm)
    out: dict[str, Any] = {}
    start = time.perf_counter()
    if args.kind == "rdflib":
        from kgraph.loader import load

        source: Any = load([args.file])
    elif args.kind == "memory":
        from kgraph.backends import MemoryBackend

        source = MemoryBackend([args.file], cache=False)  # the parse, not the cache
    elif args.kind == "oxigraph-load":
        from kgraph.backends import OxigraphBackend

        with OxigraphBackend(args.store, create=True) as store:
            store.load([args.file])
    elif args.kind == "oxigraph":
        from kgraph.backends import OxigraphBackend

        source = OxigraphBackend(args.store)
    elif args.kind == "sparql-load":
        from kgraph.backends import SparqlBackend

        SparqlBackend(args.store, timeout=600).load([args.file])
    elif args.kind == "sparql":
        from kgraph.backends import SparqlBackend

        source = SparqlBackend(args.store, timeout=600)
    out["load"] = time.perf_counter() - start
    out["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if args.kind in ("rdflib", "memory", "oxigraph", "sparql"):
        from kgraph import queries

        plan = args.plan or sorted(r["plan"] for r in queries.select(source, "plans"))[0]
        out["plan"] = plan
        skip = set(args.skip or [])
        out["ops"] = {name: (None if name in skip else timed(func, args.cap))
                      for name, func in operations(source, plan).items()}
        out["skipped"] = sorted(skip)
    print(json.dumps(out))


def run_child(kind: str, file: Path, *, store: str = "", plan: str = "", cap: float = 0,
              skip: list[str] | None = None) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--child", kind, "--file", str(file), "--cap", str(cap)]
    if store:
        cmd += ["--store", store]
    if plan:
        cmd += ["--plan", plan]
    for name in skip or []:
        cmd += ["--skip", name]
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{kind} child failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------- server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, location: Path) -> None:
        binary = Path(sys.executable).parent / "oxigraph"
        port = free_port()
        self.proc = subprocess.Popen(
            [str(binary) if binary.exists() else "oxigraph", "serve", "--location",
             str(location), "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.url = f"http://127.0.0.1:{port}/query"
        for _ in range(200):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("oxigraph serve did not start")

    def peak_mib(self) -> float:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


# --------------------------------------------------------------------------- start-up


def site_build(data: Path, out: Path, cap: float) -> str:
    kgraph = str(Path(sys.executable).parent / "kgraph")
    start = time.perf_counter()
    try:
        result = subprocess.run([kgraph, "site", "build", "--data", str(data), "-o", str(out)],
                                capture_output=True, text=True, timeout=cap, check=False)
    except subprocess.TimeoutExpired:
        return f"> {cap:g} s (stopped)"
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        return f"failed (exit {result.returncode}: {result.stderr.strip()[-120:]})"
    return fmt(seconds)


def wall(cmd: list[str], runs: int, env: dict[str, str] | None = None) -> float:
    times = []
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True,
                   env={**os.environ, **(env or {})})  # warm-up (and the cache, if any)
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True,
                       env={**os.environ, **(env or {})})
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def startup(bundled: Path, big_store: str | None, big_plan: str | None,
            runs: int) -> list[list[str]]:
    kgraph = str(Path(sys.executable).parent / "kgraph")
    naive = [sys.executable, "-c",
             "import sys; from kgraph.loader import load; "
             "from kgraph.analysis.coverage import coverage; "
             "from kgraph.formats import render_sections; "
             "r = coverage(load([sys.argv[1]])); "
             "print(render_sections({c.plan.label: c.matrix for c in r}, 'table'))",
             str(bundled)]
    rows = []
    help_s = wall([kgraph, "--help"], runs)
    rows.append(["`kgraph --help`", fmt(help_s), "", "target < 0.3 s: "
                 + ("met" if help_s < 0.3 else "MISSED")])
    naive_s = wall(naive, max(3, runs // 3))
    cold = wall([kgraph, "coverage", "--data", str(bundled)], max(3, runs // 3),
                env={"KGRAPH_CACHE": "off"})
    rows.append(["`kgraph coverage` (bundled graph, parsed every time: KGRAPH_CACHE=off)",
                 fmt(cold), ratio(naive_s, cold), ""])
    cov = wall([kgraph, "coverage", "--data", str(bundled)], runs)
    rows.append([f"`kgraph coverage` (bundled graph, {count(bundled)} triples, cached)", fmt(cov),
                 ratio(naive_s, cov), "target < 0.6 s: " + ("met" if cov < 0.6 else "MISSED")
                 + f"; rdflib parse + query: {fmt(naive_s)}"])
    if big_store and big_plan:
        slug = big_plan.rsplit("/", 1)[-1]
        big = wall([kgraph, "coverage", slug, "--store", big_store], max(3, runs // 3))
        rows.append([f"`kgraph coverage PLAN --store {big_store.split(':')[0]}:…` (largest size)",
                     fmt(big), "", ""])
    return rows


# --------------------------------------------------------------------------- the table


def fmt(seconds: float | None, cap: float | None = None) -> str:
    if seconds is None:
        return f"> {cap:g} s" if cap else "—"
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def ratio(base: float | None, value: float | None, cap: float | None = None) -> str:
    if value is None or value <= 0:
        return ""
    if base is None:
        return f"> {cap / value:.0f}×" if cap else ""
    return f"{base / value:.1f}×" if base / value < 10 else f"{base / value:.0f}×"


def count(path: Path) -> int:
    from kgraph.backends import MemoryBackend

    return MemoryBackend([path]).triples() or 0


def machine() -> str:
    cpu = "?"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    import pyoxigraph
    import rdflib

    return (f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB RAM, {platform.system()} "
            f"{platform.release()}, Python {platform.python_version()}, rdflib "
            f"{rdflib.__version__}, pyoxigraph {pyoxigraph.__version__}")


def main(args: argparse.Namespace) -> None:
    from kgraph.generate import write

    work = Path(args.work or tempfile.mkdtemp(prefix="kgraph-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"machine: {machine()}", flush=True)
    timed_out: set[str] = set()
    sections = []
    big_store = big_plan = None
    for size in args.sizes:
        t0 = time.perf_counter()
        data = work / f"g{size}.ttl"
        triples = write(data, size, seed=1)
        gen_s = time.perf_counter() - t0
        print(f"\n== {triples} triples (asked {size}); generated in {gen_s:.1f} s", flush=True)
        memory = run_child("memory", data, cap=0)
        plan = memory["plan"]
        print(f"memory done ({memory['load']:.1f} s load)", flush=True)
        store = work / f"store{size}"
        shutil.rmtree(store, ignore_errors=True)
        ox_load = run_child("oxigraph-load", data, store=f"{store}")
        ox = run_child("oxigraph", data, store=f"{store}", plan=plan)
        print(f"oxigraph done ({ox_load['load']:.1f} s load)", flush=True)
        server = Server(work / f"server{size}")
        try:
            sp_load = run_child("sparql-load", data, store=server.url)
            sp_peak = server.peak_mib()
            sp = run_child("sparql", data, store=server.url, plan=plan)
        finally:
            server.stop()
        print(f"sparql done ({sp_load['load']:.1f} s load)", flush=True)
        base = run_child("rdflib", data, plan=plan, cap=args.cap, skip=sorted(timed_out))
        print(f"rdflib done ({base['load']:.1f} s parse)", flush=True)
        timed_out |= {k for k, v in base["ops"].items() if v is None}
        rows = [["load (parse into the store)", fmt(base["load"]),
                 f"{fmt(memory['load'])} ({ratio(base['load'], memory['load'])})",
                 f"{fmt(ox_load['load'])} ({ratio(base['load'], ox_load['load'])})",
                 f"{fmt(sp_load['load'])} ({ratio(base['load'], sp_load['load'])})"],
                ["peak memory of the loading process", f"{base['peak_mib']:.0f} MiB",
                 f"{memory['peak_mib']:.0f} MiB", f"{ox_load['peak_mib']:.0f} MiB",
                 f"{sp_peak:.0f} MiB (server)"]]
        for name in [*ANALYSES, *[f"{n}.rq" for n in NAMED]]:
            b = base["ops"].get(name)
            cap = args.cap if name in timed_out else None
            label = f"analysis `{name}`" if name in ANALYSES else f"query `{name}`"
            rows.append([label, fmt(b, cap or args.cap)] + [
                f"{fmt(r['ops'][name])} ({ratio(b, r['ops'][name], args.cap)})"
                for r in (memory, ox, sp)])
        if size <= args.site_max:
            rows.append(["site build (`kgraph site build --data`, its own loader)",
                         site_build(data, work / f"site{size}", args.site_cap), "", "", ""])
        sections.append((triples, gen_s, rows))
        big_store, big_plan = f"oxigraph:{store}", plan
    bundled = Path(args.bundled)
    start_rows = startup(bundled, big_store, big_plan, args.runs) if bundled.is_file() else []
    print_table(sections, start_rows, args)


def print_table(sections: list[tuple[int, float, list[list[str]]]], start_rows: list[list[str]],
                args: argparse.Namespace) -> None:
    print("\n## Results\n")
    print(f"Machine: {machine()}.\n")
    print("Times are medians (of up to 3 runs while under 1 s). In brackets: how many "
          "times faster than plain rdflib (parse the Turtle into an rdflib Graph, run the "
          f"same query) in the same run. rdflib gets at most {args.cap:g} s an operation.\n")
    for triples, gen_s, rows in sections:
        print(f"### {triples:,} triples (generated in {gen_s:.1f} s)\n")
        print("| operation | rdflib (baseline) | memory | oxigraph:PATH | sparql:URL |")
        print("|---|---|---|---|---|")
        for row in rows:
            print("| " + " | ".join(row) + " |")
        print()
    if start_rows:
        print("### CLI start-up (wall, median)\n")
        print("| command | time | vs rdflib | note |")
        print("|---|---|---|---|")
        for row in start_rows:
            print("| " + " | ".join(row) + " |")
    if importlib.util.find_spec("kgraph.explorer") is None:
        print("\nSite build: not measured: kgraph.explorer does not exist yet")


# --------------------------------------------------------------------------- whole graph

_PREFIXES = """PREFIX kg: <https://w3id.org/kgraph/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""
# One hand-written query per command, giving the rows the command is made of.
FLOORS = {
    # every plan's priority x strategy ticks
    "coverage": """SELECT ?plan ?priority ?strategy WHERE {
  VALUES ?ptype { kg:Priority kg:PriorityArea }
  ?priority a ?ptype ; skos:inScheme ?plan .
  ?strategy kg:contributesTo ?priority . }""",
    # every priority with how many strategies and indicators it has (thin / unmeasured)
    "gaps": """SELECT ?plan ?priority (COUNT(DISTINCT ?s) AS ?strategies)
       (COUNT(DISTINCT ?i) AS ?indicators) WHERE {
  VALUES ?ptype { kg:Priority kg:PriorityArea }
  ?priority a ?ptype ; skos:inScheme ?plan .
  OPTIONAL { ?s kg:contributesTo ?priority }
  OPTIONAL { ?i kg:measures ?priority } } GROUP BY ?plan ?priority""",
    # every pair of strategies sharing priorities in a plan, with the count shared
    "overlaps": """SELECT ?plan ?a ?b (COUNT(?priority) AS ?shared) WHERE {
  ?priority skos:inScheme ?plan .
  ?a kg:contributesTo ?priority . ?b kg:contributesTo ?priority .
  FILTER (STR(?a) < STR(?b)) } GROUP BY ?plan ?a ?b""",
    "indicators": "@indicators",  # the named query's own rows, once, unbound
    "crosswalk": "@evolution",
    # stats prints three tables: the floor is its three named queries as one UNION
    "stats": "@count_entities @count_links @count_citations",
    "trace": "@governance",
}
# A second floor for the commands whose issue floor is much smaller than what they print
# (ticks only; counts only): the queries the command itself asks, as one UNION in one bare
# process. The gap between this and the command is kgraph's own work (Python, pandas,
# networkx, the CSV); the gap between this and the floor is the engine's.
OWN_QUERIES = {
    "coverage": "@plans @coverage_all @coverage_outcomes_all @coverage_flags_all "
                "@coverage_names_all",
    "gaps": "@plans @plan_priorities @priority_strategies @plan_listed_strategies "
            "@priority_indicators @missing_in_source @plan_strategies_all @lineage "
            "@unlinked_indicators @unowned_strategies @idle_boards",
    "overlaps": "@plans @coverage_all @coverage_outcomes_all @coverage_flags_all "
                "@coverage_names_all @aliases",
}
BUSIEST_BOARD = """SELECT ?board (COUNT(*) AS ?links) WHERE {
  ?board a kg:Board . { ?x ?p ?board } UNION { ?board ?p ?x }
  FILTER (?p != rdf:type) } GROUP BY ?board ORDER BY DESC(?links) ?board LIMIT 1"""


def floor_text(name: str) -> str:
    text = OWN_QUERIES[name[4:]] if name.startswith("own:") else FLOORS[name]
    if text.startswith("@"):
        from kgraph import queries

        names = text.split()
        if len(names) == 1:
            return queries.get(names[0][1:]).text
        # several named queries as one: each SELECT (ORDER BY dropped) a branch of a UNION
        prefixes: list[str] = []
        branches = []
        for one in names:
            body = []
            for line in queries.get(one[1:]).text.splitlines():
                if line.startswith("PREFIX"):
                    if line not in prefixes:
                        prefixes.append(line)
                elif not line.startswith(("#", "ORDER BY")):
                    body.append(line)
            branches.append("{ " + "\n".join(body) + " }")
        return "\n".join(prefixes) + "\nSELECT * WHERE {\n" + "\nUNION\n".join(branches) + "\n}"
    return _PREFIXES + text


def floor_child(args: argparse.Namespace) -> None:
    """A bare process: open the store, run one floor query, count its rows."""
    import pyoxigraph as ox

    start = time.perf_counter()
    store = ox.Store.read_only(args.store)
    rows = sum(1 for _ in store.query(floor_text(args.plan), use_default_graph_as_union=True))
    print(json.dumps({"seconds": time.perf_counter() - start, "rows": rows}))


def rdflib_child(args: argparse.Namespace) -> None:
    """Plain rdflib: parse the file, then run each floor query (capped)."""
    def alarm(*_: object) -> None:
        raise OutOfTime

    signal.signal(signal.SIGALRM, alarm)
    from rdflib import Graph

    start = time.perf_counter()
    graph = Graph()
    graph.parse(args.file)
    out: dict[str, Any] = {"parse": time.perf_counter() - start, "ops": {}}
    for name in FLOORS:
        signal.setitimer(signal.ITIMER_REAL, args.cap)
        begin = time.perf_counter()
        try:
            n = len(list(graph.query(floor_text(name))))
            out["ops"][name] = [time.perf_counter() - begin, n]
        except OutOfTime:
            out["ops"][name] = None
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    print(json.dumps(out))


def timed_process(cmd: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(f"{cmd} failed: {result.stderr[-2000:]}")
    return seconds, result.stdout


def gnu_time(cmd: list[str]) -> tuple[float, float, int]:
    """(wall seconds, peak RSS MiB, exit code) of ``cmd`` under /usr/bin/time -v."""
    start = time.perf_counter()
    result = subprocess.run(["/usr/bin/time", "-v", *cmd], capture_output=True, text=True,
                            check=False)
    seconds = time.perf_counter() - start
    peak = next((int(line.split(":")[1]) / 1024 for line in result.stderr.splitlines()
                 if "Maximum resident set size" in line), float("nan"))
    return seconds, peak, result.returncode


def whole(args: argparse.Namespace) -> None:
    from kgraph.generate import write

    work = Path(args.work or tempfile.mkdtemp(prefix="kgraph-whole-"))
    work.mkdir(parents=True, exist_ok=True)
    kgraph = str(Path(sys.executable).parent / "kgraph")
    print(f"Machine: {machine()}.\n", flush=True)
    for size in args.sizes:
        data = work / f"g{size}.ttl"
        if not data.is_file():
            write(data, size, seed=1)
        db = work / f"db{size}"
        if not (db / "CURRENT").is_file():
            load_s, _ = timed_process([kgraph, "load", "--store", f"oxigraph:{db}", str(data)])
            print(f"loaded {data.name} in {load_s:.1f} s", flush=True)
        import pyoxigraph as ox

        store = ox.Store.read_only(str(db))
        triples = len(store)
        board = next(iter(store.query(_PREFIXES + BUSIEST_BOARD,
                                      use_default_graph_as_union=True)))["board"].value
        del store
        slug = board.rsplit("/", 1)[-1]
        commands = {name: [kgraph, name, "--store", f"oxigraph:{db}", "--format", "csv"]
                    for name in ("coverage", "gaps", "overlaps", "indicators", "crosswalk",
                                 "stats")}
        commands["trace"] = [kgraph, "trace", slug, "--store", f"oxigraph:{db}",
                             "--format", "csv"]
        rows = []
        for name, cmd in commands.items():
            k_s, out = timed_process(cmd)
            f_s, f_out = timed_process([sys.executable, __file__, "--child", "floor",
                                        "--store", str(db), "--plan", name])
            floor = json.loads(f_out.strip().splitlines()[-1])
            own = ""
            if name in OWN_QUERIES:
                o_s, o_out = timed_process([sys.executable, __file__, "--child", "floor",
                                            "--store", str(db), "--plan", f"own:{name}"])
                own_rows = json.loads(o_out.strip().splitlines()[-1])["rows"]
                own = f"{fmt(o_s)} ({own_rows:,}): {k_s / o_s:.1f}×"
            rows.append([name, k_s, len(out.splitlines()), floor["seconds"] and f_s,
                         floor["rows"], own])
            print(f"{name}: kgraph {k_s:.2f} s, floor {f_s:.2f} s {own}", flush=True)
        _, r_out = timed_process([sys.executable, __file__, "--child", "rdflib-floor",
                                  "--file", str(data), "--cap", str(args.cap)])
        base = json.loads(r_out.strip().splitlines()[-1])
        print(f"\n### {triples:,} triples (`kgraph generate --triples {size} --seed 1`), "
              f"busiest board `{slug}`\n")
        print("| command (every plan) | kgraph process | floor process (rows) | kgraph / floor "
              "(target ≤ 3×) | rdflib parse + floor query | rdflib / kgraph (target ≥ 20×) "
              "| the command's own queries as one UNION (rows): kgraph / that |")
        print("|---|---|---|---|---|---|---|")
        for name, k_s, k_rows, f_s, f_rows, own in rows:
            op = base["ops"].get(name)
            if op is None:
                r_text, r_ratio = f"> {base['parse'] + args.cap:.0f} s (query stopped at "\
                    f"{args.cap:g} s)", f"> {(base['parse'] + args.cap) / k_s:.0f}×"
            else:
                total = base["parse"] + op[0]
                r_text, r_ratio = f"{fmt(total)} (parse {fmt(base['parse'])})", \
                    f"{total / k_s:.1f}×"
            print(f"| `{name}` | {fmt(k_s)} ({k_rows - 1:,} CSV rows) | {fmt(f_s)} "
                  f"({f_rows:,}) | {k_s / f_s:.1f}× | {r_text} | {r_ratio} | {own or '—'} |")
        print(flush=True)
    if args.site:
        print("| site build (`kgraph site build --store oxigraph:DB`) | triples | wall | "
              "peak RSS | exit |")
        print("|---|---|---|---|---|")
        for size in args.site:
            db = work / f"db{size}"
            data = work / f"g{size}.ttl"
            if not (db / "CURRENT").is_file():
                if not data.is_file():
                    write(data, size, seed=1)
                timed_process([kgraph, "load", "--store", f"oxigraph:{db}", str(data)])
            seconds, peak, code = gnu_time([kgraph, "site", "build", "--store",
                                            f"oxigraph:{db}", "-o", str(work / f"site{size}")])
            print(f"| `--triples {size}` | {size:,} asked | {fmt(seconds)} | {peak:,.0f} MiB "
                  f"| {code} |", flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--cap", type=float, default=30.0, help="seconds rdflib gets per operation")
    parser.add_argument("--runs", type=int, default=10, help="runs per start-up measurement")
    parser.add_argument("--bundled", default=str(ROOT / "data" / "strategies.ttl"))
    parser.add_argument("--site-max", type=int, default=100_000,
                        help="largest size to build the site at")
    parser.add_argument("--site-cap", type=float, default=300.0,
                        help="seconds a site build gets")
    parser.add_argument("--work", default=None, help="folder for generated files and stores")
    parser.add_argument("--child", dest="kind", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--store", default="", help=argparse.SUPPRESS)
    parser.add_argument("--plan", default="", help=argparse.SUPPRESS)
    parser.add_argument("--skip", action="append", help=argparse.SUPPRESS)
    parser.add_argument("--whole", action="store_true",
                        help="whole-graph commands vs their floor query and rdflib (11.2)")
    parser.add_argument("--site", type=int, nargs="*", default=[],
                        help="with --whole: sizes to time `site build --store` at")
    parsed = parser.parse_args()
    if parsed.kind == "floor":
        floor_child(parsed)
    elif parsed.kind == "rdflib-floor":
        rdflib_child(parsed)
    elif parsed.kind:
        child(parsed)
    elif parsed.whole:
        whole(parsed)
    else:
        main(parsed)
