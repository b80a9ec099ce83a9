"""Runs every analyst query of examples/queries/ through `osintkg serve` with rdflib's
SPARQLStore (GET and POST) and checks it gets the same rows as `osintkg query` on the same
store: SELECT rows compared as multisets of RDF terms (as lists when the query orders
them), ASK answers as booleans, CONSTRUCT and DESCRIBE graphs by isomorphism.

usage: python rdflib_queries.py ENDPOINT OSINTKG_BINARY STORE_DIR
Prints one line per check and ends with "N passed, N failed"; exits 1 on any failure.
"""

import json
import pathlib
import subprocess
import sys
from collections import Counter

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import XSD
from rdflib.plugins.stores.sparqlstore import SPARQLStore

ROOT = pathlib.Path(__file__).resolve().parents[2]


def term_key(term):
    """An rdflib term as a comparable tuple (blank nodes compare equal to each other)."""
    if term is None:
        return None
    if isinstance(term, URIRef):
        return ("uri", str(term))
    if isinstance(term, BNode):
        return ("bnode",)
    if isinstance(term, Literal):
        datatype = str(term.datatype) if term.datatype and term.datatype != XSD.string else None
        return ("literal", str(term), datatype, term.language)
    raise TypeError(f"unexpected term {term!r}")


def json_key(binding):
    """A SPARQL JSON results binding as the same tuple."""
    if binding is None:
        return None
    kind = binding["type"]
    if kind == "uri":
        return ("uri", binding["value"])
    if kind == "bnode":
        return ("bnode",)
    datatype = binding.get("datatype")
    if datatype == str(XSD.string):
        datatype = None
    return ("literal", binding["value"], datatype, binding.get("xml:lang"))


def cli(binary, store, query_file, fmt):
    done = subprocess.run(
        [binary, "query", f"@{query_file}", "--format", fmt, "--store", store],
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


def main():
    endpoint, binary, store = sys.argv[1:4]
    # rdflib sends the Accept header of its returnFormat whatever the query's form, and
    # the endpoint answers 406 to a graph query asked for as a results table: graph
    # queries go through a store whose returnFormat is an RDF syntax.
    def stores_for(graph_form):
        formats = {"GET": "turtle", "POST": "xml"} if graph_form else {"GET": "json", "POST": "xml"}
        return {
            f"{method} ({fmt})": SPARQLStore(query_endpoint=endpoint, returnFormat=fmt, method=method)
            for method, fmt in formats.items()
        }
    passed = failed = 0

    def check(name, ok, detail=""):
        nonlocal passed, failed
        if ok:
            passed += 1
            print(f"ok   {name}")
        else:
            failed += 1
            print(f"FAIL {name}: {detail}")

    queries = sorted((ROOT / "examples" / "queries").glob("*.rq"))
    check("example queries found", len(queries) >= 10, f"{len(queries)}")
    for path in queries:
        text = path.read_text()
        graph_form = "CONSTRUCT" in text or "DESCRIBE" in text
        if graph_form:
            expected = Graph().parse(data=cli(binary, store, path, "ntriples"), format="nt")
        else:
            expected = json.loads(cli(binary, store, path, "json"))
        ordered = "ORDER BY" in text.upper()
        for method, sparql_store in stores_for(graph_form).items():
            name = f"{path.stem} via rdflib {method}"
            try:
                result = Graph(store=sparql_store).query(text)
            except Exception as error:  # noqa: BLE001 - any client failure is a failed check
                check(name, False, f"{type(error).__name__}: {error}")
                continue
            if isinstance(result, tuple):  # rdflib reports an HTTP error of a POST this way
                check(name, False, f"HTTP {result[0]}: {result[1]}")
                continue
            if graph_form:
                got = Graph()
                for triple in result.graph if result.graph is not None else result:
                    got.add(triple)
                check(name, isomorphic(got, expected), f"{len(got)} triples vs {len(expected)}")
            elif "boolean" in expected:
                check(name, bool(result.askAnswer) == expected["boolean"], f"{result.askAnswer}")
            else:
                variables = expected["head"]["vars"]
                want = [tuple(json_key(row.get(v)) for v in variables) for row in expected["results"]["bindings"]]
                got = [tuple(term_key(row[v]) for v in variables) for row in result]
                same = got == want if ordered else Counter(got) == Counter(want)
                check(name, same, f"{len(got)} rows vs {len(want)}")
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
