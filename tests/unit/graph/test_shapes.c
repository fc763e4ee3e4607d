/*
 * test_shapes.c -- kg_shapes_check: each constraint kind on conforming and
 * violating data, the refusal of SHACL features outside the subset, the
 * report format, allocation failures, and schemas/shapes.ttl against
 * hand-written data in the extractor's vocabulary.
 *
 * SPDX-License-Identifier: MIT
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <kg/shapes.h>

#include "kg_int.h"

#define PREFIXES                                                           \
    "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"                        \
    "@prefix ex: <http://example.org/> .\n"                                \
    "@prefix kg: <https://w3id.org/kg/ns#> .\n"                            \
    "@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n"       \
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"            \
    "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"                 \
    "@prefix schema: <http://schema.org/> .\n"                             \
    "@prefix org: <http://www.w3.org/ns/org#> .\n"                         \
    "@prefix prov: <http://www.w3.org/ns/prov#> .\n"                       \
    "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"                    \
    "@prefix itsrdf: <http://www.w3.org/2005/11/its/rdf#> .\n"             \
    "@prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/" \
    "nif-core#> .\n"

typedef struct fixture {
    kg_ctx *ctx;
    kg_buf report;
    size_t violations;
    kg_error err;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof(*f));
    assert_non_null(f);
    assert_int_equal(kg_ctx_new(&f->ctx, NULL), 0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    kg_buf_dispose(&f->report);
    kg_ctx_free(f->ctx);
    free(f);
    return 0;
}

static kg_triples *parse(fixture *f, const char *ttl)
{
    kg_triples *t = NULL;
    kg_error err;

    kg_error_clear(&err);
    assert_int_equal(kg_triples_new(&t, NULL), 0);
    if (kg_rdf_parse(t, f->ctx, ttl, strlen(ttl), KG_RDF_TURTLE,
                     "http://example.org/base", NULL, &err) != 0)
        fail_msg("turtle fixture does not parse: %s", err.message);
    return t;
}

/* Check 'data' against 'shapes' (Turtle bodies after PREFIXES). */
static int check(fixture *f, const char *shapes, const char *data)
{
    char *s = malloc(strlen(PREFIXES) + strlen(shapes) + 1);
    char *d = malloc(strlen(PREFIXES) + strlen(data) + 1);
    kg_triples *ts, *td;
    int rc;

    assert_non_null(s);
    assert_non_null(d);
    strcat(strcpy(s, PREFIXES), shapes);
    strcat(strcpy(d, PREFIXES), data);
    ts = parse(f, s);
    td = parse(f, d);
    kg_buf_clear(&f->report);
    kg_error_clear(&f->err);
    f->violations = (size_t)-1;
    rc = kg_shapes_check(&f->report, &f->violations, ts, td, &f->err);
    kg_triples_free(ts);
    kg_triples_free(td);
    free(s);
    free(d);
    return rc;
}

static const char *report(const fixture *f)
{
    return f->report.ptr ? f->report.ptr : "";
}

static size_t lines(const fixture *f)
{
    const char *p = report(f);
    size_t n = 0;
    for (; *p; p++)
        n += *p == '\n';
    return n;
}

#define assert_contains(hay, needle)                                       \
    do {                                                                   \
        if (strstr((hay), (needle)) == NULL)                               \
            fail_msg("'%s' not found in:\n%s", (needle), (hay));          \
    } while (0)

/* ---- cardinality -------------------------------------------------------- */

static const char *const person_label =
    "ex:S a sh:NodeShape ; sh:targetClass schema:Person ;\n"
    "  sh:property [ sh:path rdfs:label ; sh:minCount 1 ; sh:maxCount 1 ] .\n";

static void test_shapes__min_and_max_count(void **state)
{
    fixture *f = *state;

    assert_int_equal(check(f, person_label,
                           "ex:a a schema:Person ; rdfs:label \"A\" .\n"), 0);
    assert_int_equal(f->violations, 0);
    assert_int_equal(lines(f), 0);

    assert_int_equal(check(f, person_label,
                           "ex:a a schema:Person .\n"
                           "ex:b a schema:Person ; rdfs:label \"B\", \"C\" .\n"
                           "ex:c a schema:Place .\n"),
                     0);
    assert_int_equal(f->violations, 2);
    assert_int_equal(lines(f), 2);
    assert_string_equal(report(f),
                        "violation <http://example.org/a> "
                        "<http://www.w3.org/2000/01/rdf-schema#label> "
                        "minCount: 0 values, at least 1 required\n"
                        "violation <http://example.org/b> "
                        "<http://www.w3.org/2000/01/rdf-schema#label> "
                        "maxCount: 2 values, at most 1 allowed\n");
}

static void test_shapes__repeated_triple_counts_once(void **state)
{
    fixture *f = *state;
    kg_triples *shapes, *data;
    kg_term s = kg_iri("http://example.org/a");
    kg_term type = kg_iri(KG_RDF_TYPE), person = kg_iri(KG_CLASS_PERSON);
    kg_term label = kg_iri(KG_RDFS_LABEL);
    kg_term plain = kg_literal("A", NULL, NULL);
    kg_term typed = kg_literal("A", KG_XSD_STRING, NULL);
    kg_term g1 = kg_iri("http://example.org/g1");
    kg_term g2 = kg_iri("http://example.org/g2");
    char ttl[1024];

    snprintf(ttl, sizeof(ttl), "%s%s", PREFIXES, person_label);
    shapes = parse(f, ttl);
    assert_int_equal(kg_triples_new(&data, NULL), 0);
    /* the same fact in two article graphs, once with an explicit
     * xsd:string: one value node */
    assert_int_equal(kg_triples_add(data, &s, &type, &person, &g1), 0);
    assert_int_equal(kg_triples_add(data, &s, &label, &plain, &g1), 0);
    assert_int_equal(kg_triples_add(data, &s, &label, &plain, &g2), 0);
    assert_int_equal(kg_triples_add(data, &s, &label, &typed, &g2), 0);
    assert_int_equal(kg_shapes_check(&f->report, &f->violations, shapes,
                                     data, NULL),
                     0);
    assert_int_equal(f->violations, 0);
    kg_triples_free(shapes);
    kg_triples_free(data);
}

/* ---- value constraints -------------------------------------------------- */

static void test_shapes__datatype(void **state)
{
    fixture *f = *state;
    const char *shapes =
        "ex:S sh:targetSubjectsOf ex:d ;\n"
        "  sh:property [ sh:path ex:d ; sh:datatype xsd:date ] ,\n"
        "              [ sh:path ex:s ; sh:datatype xsd:string ] .\n";

    assert_int_equal(check(f, shapes,
                           "ex:a ex:d \"2025-11-06\"^^xsd:date ;\n"
                           "  ex:s \"plain\", \"typed\"^^xsd:string .\n"
                           "ex:b ex:d \"2024-02-29\"^^xsd:date .\n"),
                     0);
    assert_int_equal(f->violations, 0);

    assert_int_equal(check(f, shapes,
                           "ex:a ex:d \"2025-11-06\" .\n"         /* string */
                           "ex:b ex:d \"2025-02-29\"^^xsd:date .\n" /* no */
                           "ex:c ex:d \"2025-11\"^^xsd:gYearMonth ;\n"
                           "  ex:s \"en\"@en, ex:iri .\n"),
                     0);
    assert_int_equal(f->violations, 5);
    assert_contains(report(f), "violation <http://example.org/a> "
                               "<http://example.org/d> datatype: "
                               "\"2025-11-06\" is not a valid literal of "
                               "<http://www.w3.org/2001/XMLSchema#date>\n");
    assert_contains(report(f),
                    "\"2025-02-29\"^^<http://www.w3.org/2001/XMLSchema#date>"
                    " is not a valid literal");
    assert_contains(report(f), "\"en\"@en is not a valid literal of "
                               "<http://www.w3.org/2001/XMLSchema#string>");
    assert_contains(report(f), "<http://example.org/iri> is not a valid");
}

static void test_shapes__lexical_forms(void **state)
{
    fixture *f = *state;
    static const struct {
        const char *dt, *lex;
        int ok;
    } cases[] = {
        {"integer", "42", 1},          {"integer", "-7", 1},
        {"integer", "4.2", 0},         {"integer", "", 0},
        {"boolean", "true", 1},        {"boolean", "yes", 0},
        {"date", "2025-11-06", 1},     {"date", "2025-11-06Z", 1},
        {"date", "2025-13-01", 0},     {"date", "25-11-06", 0},
        {"date", "2000-02-29", 1},     {"date", "1900-02-29", 0},
        {"gYear", "2025", 1},          {"gYear", "1948+09:00", 1},
        {"gYear", "202", 0},           {"gYearMonth", "2025-11", 1},
        {"gYearMonth", "2025-00", 0},  {"gYearMonth", "2025", 0},
        {"gMonthDay", "--01-16", 1},   {"gMonthDay", "--02-29", 1},
        {"gMonthDay", "--04-31", 0},   {"gMonthDay", "01-16", 0},
        {"dateTime", "2025-11-10T09:15:00+03:00", 1},
        {"dateTime", "2025-11-10T09:15:00.5Z", 1},
        {"dateTime", "2025-11-10 09:15:00", 0},
        {"dateTime", "2025-11-10T25:00:00", 0},
    };
    char shapes[256], data[256];
    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        snprintf(shapes, sizeof(shapes),
                 "ex:S sh:targetSubjectsOf ex:v ; sh:property "
                 "[ sh:path ex:v ; sh:datatype xsd:%s ] .\n",
                 cases[i].dt);
        snprintf(data, sizeof(data), "ex:a ex:v \"%s\"^^xsd:%s .\n",
                 cases[i].lex, cases[i].dt);
        assert_int_equal(check(f, shapes, data), 0);
        if (f->violations != (cases[i].ok ? 0u : 1u))
            fail_msg("xsd:%s \"%s\": %zu violations", cases[i].dt,
                     cases[i].lex, f->violations);
    }
}

static void test_shapes__class_follows_subclasses(void **state)
{
    fixture *f = *state;
    const char *shapes =
        "ex:S a sh:NodeShape ; sh:targetClass org:Membership ;\n"
        "  sh:property [ sh:path org:organization ;\n"
        "                sh:class org:Organization ] .\n";

    /* direct type, and a type that is a subclass (two steps) in the data */
    assert_int_equal(check(f, shapes,
                           "ex:m1 a org:Membership ; org:organization ex:o .\n"
                           "ex:o a org:Organization .\n"
                           "ex:m2 a org:Membership ; org:organization ex:e .\n"
                           "ex:e a kg:Embassy .\n"
                           "kg:Embassy rdfs:subClassOf kg:Mission .\n"
                           "kg:Mission rdfs:subClassOf org:Organization .\n"),
                     0);
    assert_int_equal(f->violations, 0);

    assert_int_equal(check(f, shapes,
                           "ex:m1 a org:Membership ; org:organization ex:o ,"
                           " \"Foreign Ministry\" .\n"
                           "ex:o a schema:Place .\n"),
                     0);
    assert_int_equal(f->violations, 2);
    assert_contains(report(f), "<http://example.org/o> is not an instance "
                               "of <http://www.w3.org/ns/org#Organization>");
    assert_contains(report(f), "\"Foreign Ministry\" is not an instance");
}

static void test_shapes__target_class_follows_subclasses(void **state)
{
    fixture *f = *state;

    assert_int_equal(check(f, person_label,
                           "ex:a a ex:Diplomat .\n"
                           "ex:Diplomat rdfs:subClassOf schema:Person .\n"),
                     0);
    assert_int_equal(f->violations, 1);
    assert_contains(report(f), "violation <http://example.org/a> ");
}

static void test_shapes__node_kind(void **state)
{
    fixture *f = *state;
    const char *shapes =
        "ex:S sh:targetSubjectsOf ex:p ;\n"
        "  sh:property [ sh:path ex:p ; sh:nodeKind sh:IRI ] ,\n"
        "    [ sh:path ex:q ; sh:nodeKind sh:BlankNodeOrLiteral ] .\n";

    assert_int_equal(check(f, shapes, "ex:a ex:p ex:b ; ex:q [], \"x\" .\n"),
                     0);
    assert_int_equal(f->violations, 0);
    assert_int_equal(check(f, shapes,
                           "ex:a ex:p \"b\", [] ; ex:q ex:c .\n"), 0);
    assert_int_equal(f->violations, 3);
    assert_contains(report(f), "\"b\" is not of node kind "
                               "<http://www.w3.org/ns/shacl#IRI>");
    assert_contains(report(f), "_:");
    assert_contains(report(f), "<http://example.org/c> is not of node kind "
                               "<http://www.w3.org/ns/shacl#BlankNodeOrLit");
}

static void test_shapes__in(void **state)
{
    fixture *f = *state;
    const char *shapes =
        "ex:S sh:targetClass schema:Event ;\n"
        "  sh:property [ sh:path kg:status ; sh:minCount 1 ;\n"
        "    sh:in ( kg:happened kg:planned kg:denied kg:hypothetical ) ] ,\n"
        "  [ sh:path ex:n ; sh:in ( 1 \"one\" ) ] .\n";

    assert_int_equal(check(f, shapes,
                           "ex:e a schema:Event ; kg:status kg:planned ;\n"
                           "  ex:n 1, \"one\" .\n"),
                     0);
    assert_int_equal(f->violations, 0);
    assert_int_equal(check(f, shapes,
                           "ex:e a schema:Event ; kg:status kg:rumoured ;\n"
                           "  ex:n 2, \"one\"@en, \"1\" .\n"),
                     0);
    assert_int_equal(f->violations, 4);
    assert_contains(report(f), "<https://w3id.org/kg/ns#rumoured> is not one "
                               "of the 4 allowed values");
    assert_contains(report(f), "\"one\"@en is not one of the 2");
    assert_contains(report(f), "\"1\" is not one of the 2");
}

static void test_shapes__or_of_datatypes(void **state)
{
    fixture *f = *state;
    const char *shapes =
        "ex:S sh:targetClass schema:Event ;\n"
        "  sh:property [ sh:path schema:startDate ; sh:maxCount 1 ;\n"
        "    sh:or ( [ sh:datatype xsd:date ] [ sh:datatype xsd:gYearMonth ]\n"
        "            [ sh:datatype xsd:gYear ] [ sh:datatype xsd:gMonthDay ]"
        " ) ] .\n";

    assert_int_equal(check(f, shapes,
                           "ex:a a schema:Event ; schema:startDate "
                           "\"2025-11-06\"^^xsd:date .\n"
                           "ex:b a schema:Event ; schema:startDate "
                           "\"2025-12\"^^xsd:gYearMonth .\n"
                           "ex:c a schema:Event ; schema:startDate "
                           "\"1948\"^^xsd:gYear .\n"
                           "ex:d a schema:Event ; schema:startDate "
                           "\"--10-29\"^^xsd:gMonthDay .\n"
                           "ex:e a schema:Event .\n"),
                     0);
    assert_int_equal(f->violations, 0);
    assert_int_equal(check(f, shapes,
                           "ex:a a schema:Event ; schema:startDate "
                           "\"Nov. 6\" .\n"
                           "ex:b a schema:Event ; schema:startDate "
                           "\"2025-13\"^^xsd:gYearMonth .\n"),
                     0);
    assert_int_equal(f->violations, 2);
    assert_contains(report(f), "\"Nov. 6\" satisfies none of the 4 "
                               "alternatives");
}

static void test_shapes__pattern_and_flags(void **state)
{
    fixture *f = *state;
    const char *shapes =
        "ex:S sh:targetClass schema:Person ;\n"
        "  sh:pattern \"^http://example\\\\.org/person/[a-z-]+$\" ;\n"
        "  sh:property [ sh:path ex:code ; sh:pattern \"^q[0-9]+$\" ;\n"
        "                sh:flags \"i\" ] .\n";

    assert_int_equal(check(f, shapes,
                           "<http://example.org/person/choe-son-hui> a "
                           "schema:Person ; ex:code \"Q159\", \"q1\" .\n"),
                     0);
    assert_int_equal(f->violations, 0);
    assert_int_equal(check(f, shapes,
                           "<http://example.org/org/mfa> a schema:Person ;\n"
                           "  ex:code \"159\" .\n"
                           "_:x a schema:Person .\n"),
                     0);
    assert_int_equal(f->violations, 3);
    assert_contains(report(f),
                    "violation <http://example.org/org/mfa> - pattern: "
                    "<http://example.org/org/mfa> does not match");
    assert_contains(report(f), "\"159\" does not match \"^q[0-9]+$\"");
    assert_contains(report(f), "violation _:");
}

static void test_shapes__severity_and_message(void **state)
{
    fixture *f = *state;
    const char *shapes =
        "ex:S sh:targetSubjectsOf owl:sameAs ;\n"
        "  sh:property [ sh:path owl:sameAs ; sh:severity sh:Warning ;\n"
        "    sh:pattern \"^http://www\\\\.wikidata\\\\.org/entity/Q\" ;\n"
        "    sh:message \"links go to wikidata\" ] ,\n"
        "  [ sh:path rdfs:label ; sh:minCount 1 ; sh:severity sh:Info ] .\n";

    assert_int_equal(check(f, shapes,
                           "ex:a owl:sameAs <http://dbpedia.org/x> .\n"), 0);
    assert_int_equal(f->violations, 0); /* warnings are not counted */
    assert_int_equal(lines(f), 2);
    assert_contains(report(f),
                    "warning <http://example.org/a> "
                    "<http://www.w3.org/2002/07/owl#sameAs> pattern: links go "
                    "to wikidata [<http://dbpedia.org/x> does not match");
    assert_contains(report(f), "info <http://example.org/a> ");
}

static void test_shapes__nested_property_shapes(void **state)
{
    fixture *f = *state;
    const char *shapes =
        "ex:S sh:targetClass org:Membership ;\n"
        "  sh:property [ sh:path org:member ;\n"
        "    sh:property [ sh:path rdfs:label ; sh:minCount 1 ] ] .\n";

    assert_int_equal(check(f, shapes,
                           "ex:m a org:Membership ; org:member ex:p, ex:q .\n"
                           "ex:p rdfs:label \"P\" .\n"),
                     0);
    assert_int_equal(f->violations, 1);
    assert_contains(report(f), "violation <http://example.org/q> ");
}

static void test_shapes__escapes_values(void **state)
{
    fixture *f = *state;
    const char *shapes =
        "ex:S sh:targetSubjectsOf ex:t ;\n"
        "  sh:property [ sh:path ex:t ; sh:datatype xsd:integer ] .\n";

    assert_int_equal(check(f, shapes,
                           "ex:a ex:t \"line\\nbreak\\t\\\"q\\\" "
                           "and a very long tail that goes on and on and on "
                           "past sixty bytes\" .\n"),
                     0);
    assert_int_equal(f->violations, 1);
    assert_int_equal(lines(f), 1);
    assert_contains(report(f), "\"line\\nbreak\\t\\\"q\\\" and a very long");
    assert_contains(report(f), "...\" is not a valid literal");
    assert_null(strstr(report(f), "sixty"));
}

/* ---- the subset's edges ------------------------------------------------- */

static void test_shapes__unsupported_features_are_refused(void **state)
{
    fixture *f = *state;
    static const struct {
        const char *shapes, *name;
    } cases[] = {
        {"ex:S sh:targetClass ex:C ; sh:closed true .\n", "sh:closed"},
        {"ex:S sh:targetNode ex:a .\n", "sh:targetNode"},
        {"ex:S sh:targetObjectsOf ex:p .\n", "sh:targetObjectsOf"},
        {"ex:S sh:targetClass ex:C ; sh:property [ sh:path ( ex:p ex:q ) ;"
         " sh:minCount 1 ] .\n",
         "sh:path expressions"},
        {"ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:p ;"
         " sh:minLength 2 ] .\n",
         "sh:minLength"},
        {"ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:p ;"
         " sh:or ( [ sh:path ex:q ] ) ] .\n",
         "sh:or members"},
        {"ex:S sh:targetClass ex:C ; sh:pattern \"a\" ; sh:flags \"x\" .\n",
         "sh:flags"},
        {"ex:C a rdfs:Class, sh:NodeShape .\n", "implicit class targets"},
    };
    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        assert_int_equal(check(f, cases[i].shapes, "ex:a a ex:C .\n"),
                         KG_EUNSUPPORTED);
        assert_int_equal(f->err.code, KG_EUNSUPPORTED);
        assert_contains(f->err.message, cases[i].name);
    }
}

static void test_shapes__malformed_shapes_are_invalid(void **state)
{
    fixture *f = *state;
    static const char *const cases[] = {
        "ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:p ;"
        " sh:minCount \"one\" ] .\n",
        "ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:p ;"
        " sh:maxCount -1 ] .\n",
        "ex:S sh:targetClass ex:C ; sh:property [ sh:minCount 1 ] .\n",
        "ex:S sh:targetClass ex:C ; sh:minCount 1 .\n",
        "ex:S sh:targetClass ex:C ; sh:pattern \"a[\" .\n",
        "ex:S sh:targetClass ex:C ; sh:nodeKind sh:Thing .\n",
        "ex:S sh:targetClass ex:C ; sh:in ex:notalist .\n",
        "ex:S sh:targetClass ex:C ; sh:datatype \"xsd:date\" .\n",
        "ex:S sh:targetClass ex:C ; sh:property ex:S .\n", /* cycle */
    };
    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int rc = check(f, cases[i], "ex:a a ex:C .\n");
        if (rc != KG_EINVALID)
            fail_msg("case %zu: %d (%s)", i, rc, f->err.message);
        assert_true(f->err.message[0] != '\0');
        assert_null(strchr(f->err.message, '\n'));
    }
}

static void test_shapes__out_of_memory(void **state)
{
    fixture *f = *state;
    char s[2048], d[1024];
    kg_triples *ts, *td;
    long n;
    int rc = KG_ENOMEM;

    snprintf(s, sizeof(s), "%s%s%s", PREFIXES, person_label,
             "ex:T sh:targetClass schema:Event ; sh:property [ sh:path ex:d ;"
             " sh:or ( [ sh:datatype xsd:date ] [ sh:pattern \"^x\" ] ) ;"
             " sh:class ex:C ] .\n");
    snprintf(d, sizeof(d), "%s%s", PREFIXES,
             "ex:a a schema:Person . ex:e a schema:Event ; ex:d \"y\", ex:f"
             " . ex:f a ex:D . ex:D rdfs:subClassOf ex:C .\n");
    ts = parse(f, s);
    td = parse(f, d);
    for (n = 1; rc == KG_ENOMEM && n < 1000; n++) {
        kg_buf buf = KG_BUF_INIT;
        size_t v = 0;
        kg__alloc_fail_after(n);
        rc = kg_shapes_check(&buf, &v, ts, td, NULL);
        kg__alloc_fail_after(0);
        if (rc == 0) {
            assert_int_equal(v, 4);
        } else {
            assert_int_equal(rc, KG_ENOMEM);
        }
        kg_buf_dispose(&buf);
    }
    assert_int_equal(rc, 0);
    assert_true(n > 5);
    kg_triples_free(ts);
    kg_triples_free(td);
}

static void test_shapes__large_data(void **state)
{
    fixture *f = *state;
    enum { PEOPLE = 50000 };
    kg_triples *shapes, *data;
    kg_term type = kg_iri(KG_RDF_TYPE), person = kg_iri(KG_CLASS_PERSON);
    kg_term label = kg_iri(KG_RDFS_LABEL);
    char iri[64], name[32], ttl[1024];
    size_t i;

    snprintf(ttl, sizeof(ttl), "%s%s", PREFIXES, person_label);
    shapes = parse(f, ttl);
    assert_int_equal(kg_triples_new(&data, NULL), 0);
    for (i = 0; i < PEOPLE; i++) {
        kg_term s, o;
        snprintf(iri, sizeof(iri), "https://w3id.org/kg/id/person/p%zu", i);
        snprintf(name, sizeof(name), "P %zu", i);
        s = kg_iri(iri);
        o = kg_literal(name, NULL, NULL);
        assert_int_equal(kg_triples_add(data, &s, &type, &person, NULL), 0);
        if (i % 1000 != 7)  /* 50 people without a label */
            assert_int_equal(kg_triples_add(data, &s, &label, &o, NULL), 0);
    }
    assert_int_equal(kg_shapes_check(&f->report, &f->violations, shapes,
                                     data, NULL),
                     0);
    assert_int_equal(f->violations, PEOPLE / 1000);
    assert_contains(report(f), "<https://w3id.org/kg/id/person/p49007> ");
    kg_triples_free(shapes);
    kg_triples_free(data);
}

/* ---- schemas/shapes.ttl ------------------------------------------------- */

#define KGID "https://w3id.org/kg/id/"
#define ART "<" KGID "article/0a1b2c3d>"

/* What the extractor writes for one article, by hand from vocab.h. */
static const char *const good_data =
    ART " a schema:NewsArticle ;\n"
    "  schema:headline \"Russian embassy fetes anniversary\" ;\n"
    "  schema:datePublished \"2025-11-08\"^^xsd:date ;\n"
    "  kg:sourceName \"01_russian-embassy-reception.txt\" ;\n"
    "  kg:sha256 \"0a1b2c3d0a1b2c3d0a1b2c3d0a1b2c3d"
    "0a1b2c3d0a1b2c3d0a1b2c3d0a1b2c3d\" .\n"
    "<" KGID "person/choe-son-hui> a schema:Person ;\n"
    "  rdfs:label \"Choe Son-hui\" .\n"
    "<" KGID "person/alexander-matsegora> a schema:Person ;\n"
    "  rdfs:label \"Alexander Matsegora\" .\n"
    "<" KGID "state/dprk> a kg:State, schema:Country ;\n"
    "  rdfs:label \"North Korea\" ;\n"
    "  owl:sameAs <http://www.wikidata.org/entity/Q423> .\n"
    "<" KGID "org/dprk-ministry-of-foreign-affairs> a org:Organization,"
    " kg:Ministry ;\n"
    "  rdfs:label \"Ministry of Foreign Affairs\" .\n"
    "<" KGID "org/russian-embassy-in-dprk> a org:Organization, kg:Embassy ;\n"
    "  rdfs:label \"Russian Embassy in Pyongyang\" .\n"
    "<" KGID "place/pyongyang> a schema:Place ; rdfs:label \"Pyongyang\" .\n"
    "<" KGID "post/1f2e> a org:Membership ;\n"
    "  org:member <" KGID "person/choe-son-hui> ;\n"
    "  org:role <" KGID "role/foreign-minister> ;\n"
    "  kg:title \"Foreign Minister\" ;\n"
    "  org:organization <" KGID "org/dprk-ministry-of-foreign-affairs> ;\n"
    "  kg:state <" KGID "state/dprk> ;\n"
    "  prov:wasDerivedFrom " ART " .\n"
    "<" KGID "event/2025-11-06-reception-pyongyang> a schema:Event,"
    " kg:Reception ;\n"
    "  kg:status kg:happened ;\n"
    "  schema:startDate \"2025-11-06\"^^xsd:date ;\n"
    "  schema:location <" KGID "place/pyongyang> ;\n"
    "  kg:host <" KGID "org/russian-embassy-in-dprk> ;\n"
    "  kg:speaker <" KGID "person/choe-son-hui> ;\n"
    "  kg:participant <" KGID "org/russian-embassy-in-dprk>, <" KGID
    "person/choe-son-hui> ;\n"
    "  kg:evidence <" KGID "article/0a1b2c3d#char=120,260> ;\n"
    "  prov:wasDerivedFrom " ART " .\n"
    "<" KGID "article/0a1b2c3d#char=120,260> a nif:Sentence ;\n"
    "  nif:beginIndex \"120\"^^xsd:integer ;\n"
    "  nif:endIndex \"260\"^^xsd:integer ;\n"
    "  nif:referenceContext <" KGID "article/0a1b2c3d#char=0,2000> ;\n"
    "  kg:caption false .\n"
    "<" KGID "article/0a1b2c3d#char=120,132> a nif:Phrase ;\n"
    "  nif:beginIndex 120 ; nif:endIndex 132 ;\n"
    "  nif:anchorOf \"Choe Son-hui\" ;\n"
    "  nif:referenceContext <" KGID "article/0a1b2c3d#char=0,2000> ;\n"
    "  itsrdf:taIdentRef <" KGID "person/choe-son-hui> .\n";

static kg_triples *project_shapes(fixture *f, int *skip_out)
{
    const char *dir = getenv("KG_SOURCE_DIR");
    char path[4096];
    kg_buf text = KG_BUF_INIT;
    kg_triples *t = NULL;
    kg_error err;

    *skip_out = 0;
    if (!dir) {
        *skip_out = 1;
        return NULL;
    }
    snprintf(path, sizeof(path), "%s/schemas/shapes.ttl", dir);
    kg_error_clear(&err);
    if (kg_file_read(path, 0, &text, &err) != 0)
        fail_msg("%s: %s", path, err.message);
    assert_int_equal(kg_triples_new(&t, NULL), 0);
    if (kg_rdf_parse(t, f->ctx, text.ptr, text.size, KG_RDF_TURTLE,
                     "file:///shapes.ttl", NULL, &err) != 0)
        fail_msg("shapes.ttl: %s", err.message);
    kg_buf_dispose(&text);
    return t;
}

static size_t check_project(fixture *f, kg_triples *shapes, const char *body)
{
    char *ttl = malloc(strlen(PREFIXES) + strlen(body) + 1);
    kg_triples *data;
    int rc;

    assert_non_null(ttl);
    strcat(strcpy(ttl, PREFIXES), body);
    data = parse(f, ttl);
    kg_buf_clear(&f->report);
    kg_error_clear(&f->err);
    rc = kg_shapes_check(&f->report, &f->violations, shapes, data, &f->err);
    if (rc != 0)
        fail_msg("kg_shapes_check: %s", f->err.message);
    kg_triples_free(data);
    free(ttl);
    return f->violations;
}

static void test_shapes__project_shapes_accept_conforming_data(void **state)
{
    fixture *f = *state;
    kg_triples *shapes;
    int skip_it;

    if ((shapes = project_shapes(f, &skip_it)) == NULL && skip_it)
        skip();
    if (check_project(f, shapes, good_data) != 0)
        fail_msg("unexpected violations:\n%s", report(f));
    assert_int_equal(lines(f), 0);
    kg_triples_free(shapes);
}

static void test_shapes__project_shapes_reject_broken_data(void **state)
{
    fixture *f = *state;
    kg_triples *shapes;
    int skip_it;

    /* Each block breaks one rule; the comment names the expected line. */
    static const char *const broken =
        /* article: no headline (minCount), date not a date (datatype),
         * digest not hex (pattern) */
        "<" KGID "article/ff> a schema:NewsArticle ;\n"
        "  schema:datePublished \"8 Nov. 2025\" ;\n"
        "  kg:sourceName \"x.txt\" ; kg:sha256 \"XYZ\" .\n"
        /* person with two labels (maxCount) */
        "<" KGID "person/kim-jong-un> a schema:Person ;\n"
        "  rdfs:label \"Kim Jong Un\", \"Kim Jong-un\" .\n"
        /* organisation IRI outside org/ (pattern) */
        "<" KGID "person/kcna> a org:Organization, kg:Media ;\n"
        "  rdfs:label \"KCNA\" .\n"
        /* membership: member is not a person (class), no title (minCount) */
        "<" KGID "post/9> a org:Membership ;\n"
        "  org:member <" KGID "place/pyongyang> ;\n"
        "  org:role <" KGID "role/envoy> ;\n"
        "  prov:wasDerivedFrom <" KGID "article/ff> .\n"
        "<" KGID "place/pyongyang> a schema:Place ;\n"
        "  rdfs:label \"Pyongyang\" .\n"
        /* event: unknown status (in), date as a string (or), no
         * participant, evidence and provenance (3 x minCount) */
        "<" KGID "event/x> a schema:Event, kg:Visit ;\n"
        "  kg:status kg:rumoured ;\n"
        "  schema:startDate \"next month\" .\n";

    if ((shapes = project_shapes(f, &skip_it)) == NULL && skip_it)
        skip();
    check_project(f, shapes, broken);
    assert_contains(report(f), "<" KGID "article/ff> "
                               "<http://schema.org/headline> minCount:");
    assert_contains(report(f), "<" KGID "article/ff> "
                               "<http://schema.org/datePublished> datatype:");
    assert_contains(report(f), "<https://w3id.org/kg/ns#sha256> pattern:");
    assert_contains(report(f), "<" KGID "person/kim-jong-un> "
                               "<http://www.w3.org/2000/01/rdf-schema#label> "
                               "maxCount:");
    assert_contains(report(f), "<" KGID "person/kcna> - pattern:");
    assert_contains(report(f), "<" KGID "post/9> "
                               "<http://www.w3.org/ns/org#member> class:");
    assert_contains(report(f), "<" KGID "post/9> "
                               "<https://w3id.org/kg/ns#title> minCount:");
    assert_contains(report(f), "<" KGID "event/x> "
                               "<https://w3id.org/kg/ns#status> in:");
    assert_contains(report(f), "<" KGID "event/x> "
                               "<http://schema.org/startDate> or:");
    assert_contains(report(f), "<" KGID "event/x> "
                               "<https://w3id.org/kg/ns#participant> "
                               "minCount:");
    assert_contains(report(f), "<" KGID "event/x> "
                               "<https://w3id.org/kg/ns#evidence> minCount:");
    assert_contains(report(f), "<" KGID "event/x> "
                               "<http://www.w3.org/ns/prov#wasDerivedFrom> "
                               "minCount:");
    if (f->violations != 12)
        fail_msg("expected 12 violations, got %zu:\n%s", f->violations,
                 report(f));
    assert_int_equal(lines(f), 12);
    kg_triples_free(shapes);
}

static kg_triples *read_ttl(fixture *f, const char *rel)
{
    const char *dir = getenv("KG_SOURCE_DIR");
    char path[4096];
    kg_buf text = KG_BUF_INIT;
    kg_triples *t = NULL;
    kg_error err;

    snprintf(path, sizeof(path), "%s/%s", dir, rel);
    kg_error_clear(&err);
    if (kg_file_read(path, 0, &text, &err) != 0)
        fail_msg("%s: %s", path, err.message);
    assert_int_equal(kg_triples_new(&t, NULL), 0);
    if (kg_rdf_parse(t, f->ctx, text.ptr, text.size, KG_RDF_TURTLE,
                     "file:///kg.ttl", NULL, &err) != 0)
        fail_msg("%s: %s", rel, err.message);
    kg_buf_dispose(&text);
    return t;
}

static int has_triple(const kg_triples *t, const char *s, const char *p,
                      const char *o)
{
    size_t i;

    for (i = 0; i < kg_triples_count(t); i++) {
        const kg_quad *q = kg_triples_get(t, i);
        if (strcmp(q->s.value, s) == 0 && strcmp(q->p.value, p) == 0 &&
            (!o || strcmp(q->o.value, o) == 0))
            return 1;
    }
    return 0;
}

/* schemas/kg.ttl declares every kg: term vocab.h names, with a label and
 * a comment, and the event types carry their CAMEO concepts. Checked with
 * the checker itself plus a list of the terms. */
static void test_shapes__vocabulary_declares_vocab_h_terms(void **state)
{
    fixture *f = *state;
    static const char *const classes[] = {
        KG_CLASS_STATE, KG_NS "Ministry", KG_NS "Embassy", KG_NS "Party",
        KG_NS "Legislature", KG_NS "Agency", KG_NS "Military",
        KG_NS "Media", KG_NS "International", KG_NS "Meeting",
        KG_NS "Visit", KG_NS "Reception", KG_NS "Statement",
        KG_NS "Pledge", KG_NS "Message", KG_NS "Agreement", KG_NS "Summit",
        KG_NS "Deployment", KG_NS "Commemoration", KG_NS "Forum",
        KG_NS "Diplomatic"};
    static const char *const others[] = {
        KG_SOURCE_NAME, KG_DIGEST, KG_CAPTION, KG_TITLE, KG_STATE,
        KG_EVENT_STATUS, KG_EVENT_EVIDENCE, KG_PARTICIPANT, KG_NS "host",
        KG_NS "guest", KG_NS "agent", KG_NS "addressee", KG_NS "attendee",
        KG_NS "speaker", KG_NS "subject", KG_NS "happened",
        KG_NS "planned", KG_NS "denied", KG_NS "hypothetical"};
    const char *shapes =
        "ex:C sh:targetClass owl:Class, owl:ObjectProperty,"
        " owl:DatatypeProperty, kg:EventStatus, skos:Concept ;\n"
        "  sh:property [ sh:path rdfs:label ; sh:minCount 1 ] ,\n"
        "    [ sh:path rdfs:comment ; sh:minCount 1 ] .\n"
        "ex:E sh:targetSubjectsOf skos:closeMatch ;\n"
        "  sh:property [ sh:path skos:closeMatch ; sh:class skos:Concept ] ,\n"
        "    [ sh:path rdfs:subClassOf ; sh:in ( schema:Event ) ;\n"
        "      sh:minCount 1 ] .\n"
        "ex:K sh:targetClass skos:Concept ;\n"
        "  sh:property [ sh:path skos:notation ; sh:minCount 1 ;\n"
        "    sh:maxCount 1 ; sh:pattern \"^[0-9]{3}$\" ] ,\n"
        "    [ sh:path skos:inScheme ; sh:in ( kg:cameo ) ;"
        " sh:minCount 1 ] .\n";
    char *ttl;
    kg_triples *vocab, *ts;
    size_t i;

    if (!getenv("KG_SOURCE_DIR"))
        skip();
    vocab = read_ttl(f, "schemas/kg.ttl");
    ttl = malloc(strlen(PREFIXES) + strlen(shapes) + 64);
    assert_non_null(ttl);
    sprintf(ttl, "%s@prefix skos: <" KG_NS_SKOS "> .\n%s", PREFIXES, shapes);
    ts = parse(f, ttl);
    assert_int_equal(kg_shapes_check(&f->report, &f->violations, ts, vocab,
                                     &f->err),
                     0);
    if (f->violations)
        fail_msg("kg.ttl:\n%s", report(f));
    for (i = 0; i < sizeof(classes) / sizeof(classes[0]); i++)
        if (!has_triple(vocab, classes[i], KG_RDF_TYPE, KG_NS_OWL "Class"))
            fail_msg("kg.ttl does not declare the class %s", classes[i]);
    for (i = 0; i < sizeof(others) / sizeof(others[0]); i++)
        if (!has_triple(vocab, others[i], KG_RDFS_LABEL, NULL))
            fail_msg("kg.ttl does not declare %s", others[i]);
    for (i = 9; i < sizeof(classes) / sizeof(classes[0]); i++)
        if (!has_triple(vocab, classes[i], KG_NS_SKOS "closeMatch", NULL))
            fail_msg("%s has no CAMEO concept", classes[i]);
    assert_true(has_triple(vocab, KG_NS "cameo043", KG_NS_SKOS "notation",
                           "043"));
    kg_triples_free(ts);
    kg_triples_free(vocab);
    free(ttl);
}

/* Extract every .txt article in 'dir' and check each one's quads against
 * the project shapes; returns how many articles were checked. */
static size_t check_extracted(fixture *f, kg_triples *shapes,
                              const kg_lexicon *lex, const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    size_t checked = 0;

    if (!d)
        return 0;
    while ((de = readdir(d)) != NULL) {
        kg_extract_options opts = KG_EXTRACT_OPTIONS_INIT;
        size_t n = strlen(de->d_name);
        kg_buf text = KG_BUF_INIT;
        kg_triples *data = NULL;
        kg_doc *doc = NULL;
        char path[4096];
        kg_error err;

        if (n < 5 || strcmp(de->d_name + n - 4, ".txt") != 0)
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
        kg_error_clear(&err);
        opts.source_name = de->d_name;
        assert_int_equal(kg_file_read(path, 0, &text, &err), 0);
        if (kg_extract(&doc, lex, text.ptr, text.size, &opts, &err) != 0)
            fail_msg("%s: %s", path, err.message);
        assert_int_equal(kg_triples_new(&data, NULL), 0);
        assert_int_equal(kg_doc_to_triples(doc, data, &err), 0);
        kg_buf_clear(&f->report);
        assert_int_equal(kg_shapes_check(&f->report, &f->violations, shapes,
                                         data, &err),
                         0);
        if (f->violations != 0)
            fail_msg("%s does not conform:\n%s", path, report(f));
        checked++;
        kg_triples_free(data);
        kg_doc_free(doc);
        kg_buf_dispose(&text);
    }
    closedir(d);
    return checked;
}

static void test_shapes__extracted_articles_conform(void **state)
{
    fixture *f = *state;
    const char *src = getenv("KG_SOURCE_DIR");
    kg_lexicon *lex = NULL;
    kg_triples *shapes;
    char dir[4096];
    int skip_it;

    if ((shapes = project_shapes(f, &skip_it)) == NULL && skip_it)
        skip();
    assert_int_equal(kg_lexicon_new(&lex, NULL), 0);
    snprintf(dir, sizeof(dir), "%s/examples/articles", src);
    assert_true(check_extracted(f, shapes, lex, dir) >= 8);
    snprintf(dir, sizeof(dir), "%s/../shared/seeds", src);
    check_extracted(f, shapes, lex, dir); /* when ../shared exists */
    kg_lexicon_free(lex);
    kg_triples_free(shapes);
}

int main(void)
{
#define T(name) \
    cmocka_unit_test_setup_teardown(test_shapes__##name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(min_and_max_count),
        T(repeated_triple_counts_once),
        T(datatype),
        T(lexical_forms),
        T(class_follows_subclasses),
        T(target_class_follows_subclasses),
        T(node_kind),
        T(in),
        T(or_of_datatypes),
        T(pattern_and_flags),
        T(severity_and_message),
        T(nested_property_shapes),
        T(escapes_values),
        T(unsupported_features_are_refused),
        T(malformed_shapes_are_invalid),
        T(out_of_memory),
        T(large_data),
        T(project_shapes_accept_conforming_data),
        T(project_shapes_reject_broken_data),
        T(extracted_articles_conform),
        T(vocabulary_declares_vocab_h_terms),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
