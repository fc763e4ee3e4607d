/*
 * cmd_viz.c -- kg viz: a Graphviz diagram of an entity's neighbourhood,
 * of a CONSTRUCT query's result, a timeline of events or an overview of
 * the relations between states, their ministries and officials.
 *
 * The timeline and the overview read the store with single-pattern
 * queries filtered on the predicate (rasqal is slow on joins); node sizes
 * come from the kg:pagerank (or other) values that kg analyze stored,
 * kept only for nodes already in the diagram.
 *
 * The diagram is rendered in memory and written to a temporary file that
 * is renamed over -o FILE, so a failed render never leaves a broken file.
 *
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"

static const char help[] =
    "usage: kg viz [options] --entity NAME|IRI -o FILE\n"
    "       kg viz [options] --query FILE.rq -o FILE\n"
    "       kg viz [options] --timeline -o FILE\n"
    "       kg viz [options] --overview -o FILE\n"
    "\n"
    "Draw a diagram: the neighbourhood of one entity (people, ministries,\n"
    "states, places and events around it), the graph a CONSTRUCT query\n"
    "returns (or a SELECT: each row's first two IRI columns become an\n"
    "edge named after the second one's variable), a timeline (events\n"
    "left to right, one column per month, with their participants) or\n"
    "an overview (states boxed with their ministries and officials;\n"
    "events aggregated into edges whose width is the number of events\n"
    "two actors shared). Nodes are styled by class, edges labelled by\n"
    "relation. After kg analyze, node size follows PageRank.\n"
    "\n"
    "Options:\n"
    "  -s, --store SPEC     the store (default: ./" KG_STORE_DEFAULT ")\n"
    "  -e, --entity NAME    an entity by name (e.g. \"Choe Son-hui\") or IRI\n"
    "      --hops N         neighbourhood radius (default 1)\n"
    "      --max-nodes N    draw at most N nodes (default 150)\n"
    "  -q, --query FILE     a CONSTRUCT, DESCRIBE or SELECT query (- for\n"
    "                       stdin)\n"
    "      --timeline       a timeline of all events\n"
    "      --overview       the relations overview\n"
    "      --size-by M      pagerank (default, when kg analyze has run),\n"
    "                       betweenness, degree or none\n"
    "  -F, --format FMT     svg, png, pdf or dot (default: from the file\n"
    "                       extension of -o, else svg)\n"
    "  -o, --output FILE    where to write the diagram (- for stdout)\n"
    "      --title TEXT     a title above the diagram\n"
    "      --no-legend      leave out the legend of node classes\n"
    "      --clusters       box each state with its organisations and people\n"
    "  -h, --help           show this help\n"
    "\n"
    "Exit codes: 0 diagram written, 1 unknown entity, empty result, query\n"
    "or render error, missing store, 2 usage error.\n";

typedef struct viz_args {
    const char *spec, *entity, *query, *format, *output, *title, *size_by;
    int hops, max_nodes, legend, clusters, timeline, overview;
} viz_args;

/* What a timeline or an overview reads (one pattern each, see above). */
static const char timeline_query[] =
    "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER("
    "?p = rdf:type || ?p = rdfs:label || ?p = schema:startDate || "
    "?p = kg:host || ?p = kg:guest || ?p = kg:agent || "
    "?p = kg:addressee || ?p = kg:attendee || ?p = kg:speaker || "
    "?p = kg:subject || ?p = kg:participant || ?p = schema:location) }";
static const char overview_query[] =
    "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER("
    "?p = rdf:type || ?p = rdfs:label || ?p = kg:state || "
    "?p = org:memberOf || ?p = kg:host || ?p = kg:guest || "
    "?p = kg:agent || ?p = kg:addressee || ?p = kg:attendee || "
    "?p = kg:speaker || ?p = kg:subject || ?p = kg:participant) }";
/* a post's holder belongs to the post's state and organisation */
static const char posts_query[] =
    "CONSTRUCT { ?who kg:state ?st } WHERE { ?post org:member ?who . "
    "?post kg:state ?st }";
static const char posts_org_query[] =
    "CONSTRUCT { ?who org:memberOf ?org } WHERE { ?post org:member ?who . "
    "?post org:organization ?org }";
/* an organisation belongs to the state of the posts in it */
static const char org_state_query[] =
    "CONSTRUCT { ?org kg:state ?st } WHERE { ?post org:organization ?org . "
    "?post kg:state ?st }";
static const char score_query[] =
    "CONSTRUCT { ?s <%s> ?v } WHERE { GRAPH <" KG_ANALYSIS_GRAPH "> "
    "{ ?s <%s> ?v } }";

static int run_construct(kg_triples *t, kg_graph *g, const char *sparql,
                         kg_error *err)
{
    kg_query_options opts = KG_QUERY_OPTIONS_INIT;
    kg_result *r = NULL;
    int error;

    if ((error = kg_graph_query(&r, g, sparql, &opts, err)) == 0)
        error = kg_result_triples(r, t, err);
    kg_result_free(r);
    return error;
}

static int str_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Append the 'prop' values stored by kg analyze for the subjects of 't'.
 * Returns 1 when some were added, 0 when none, or a KG_E* code. */
static int add_scores(kg_triples *t, kg_graph *g, const char *prop,
                      kg_error *err)
{
    kg_triples *s = NULL;
    kg_buf q = KG_BUF_INIT;
    const char **subj = NULL;
    size_t i, n = kg_triples_count(t), added = 0;
    int error;

    if ((error = kg_triples_new(&s, err)) < 0)
        goto done;
    if ((subj = calloc(n + 1, sizeof(*subj))) == NULL ||
        kg_buf_printf(&q, score_query, prop, prop) < 0) {
        error = kg_error_set(err, KG_ENOMEM, "out of memory");
        goto done;
    }
    for (i = 0; i < n; i++)
        subj[i] = kg_triples_get(t, i)->s.value;
    qsort(subj, n, sizeof(*subj), str_cmp);
    if ((error = run_construct(s, g, q.ptr, err)) < 0)
        goto done;
    for (i = 0; i < kg_triples_count(s) && !error; i++) {
        const kg_quad *x = kg_triples_get(s, i);
        if (!x->s.value ||
            !bsearch(&x->s.value, subj, n, sizeof(*subj), str_cmp))
            continue;
        if ((error = kg_triples_add(t, &x->s, &x->p, &x->o, NULL)) < 0)
            kg_error_set(err, error, "out of memory");
        added++;
    }

done:
    free(subj);
    kg_buf_dispose(&q);
    kg_triples_free(s);
    return error < 0 ? error : added > 0;
}

static int parse_int(const char *s, int lo, int hi, int *out)
{
    char *end;
    long v = strtol(s, &end, 10);

    if (*s == '\0' || *end != '\0' || v < lo || v > hi)
        return -1;
    *out = (int)v;
    return 0;
}

/* The IRI in a TSV cell "<iri>" (in place), or NULL. */
static char *cell_iri(char *cell)
{
    size_t n = strlen(cell);

    if (n < 3 || cell[0] != '<' || cell[n - 1] != '>' ||
        strpbrk(cell + 1, "<>\\\"") != cell + n - 1)
        return NULL;
    cell[n - 1] = '\0';
    return cell + 1;
}

/*
 * A SELECT result as edges: in each row, the first two columns that hold
 * IRIs are joined by an edge named after the second one's variable
 * (SELECT ?person ?org gives person -org-> organisation). The type and
 * label of every node come from the network (kg_analyze_ego, 0 hops).
 */
static int select_edges(kg_triples *t, kg_graph *g, kg_result *r,
                        kg_error *err)
{
    kg_buf pred = KG_BUF_INIT;
    kg_network *n = NULL;
    char *data = NULL, *line, *save = NULL, *head[64];
    size_t size = 0, n_head = 0, rows = 0;
    FILE *fp;
    int error;

    if ((fp = open_memstream(&data, &size)) == NULL)
        return kg_error_set(err, KG_ENOMEM, "out of memory");
    error = kg_result_write(r, fp, KG_RESULTS_TSV, err);
    if (fclose(fp) != 0 && error == 0)
        error = kg_error_set(err, KG_ENOMEM, "out of memory");
    if (error == 0)
        error = kg_network_load(&n, g, err);
    for (line = error ? NULL : strtok_r(data, "\n", &save); line && !error;
         line = strtok_r(NULL, "\n", &save)) {
        char *cells[64], *c, *s2 = NULL, *iris[2];
        size_t nc = 0, k, found = 0, col = 0;
        kg_term ts, tp, to;
        for (c = strtok_r(line, "\t", &s2); c && nc < 64;
             c = strtok_r(NULL, "\t", &s2))
            cells[nc++] = c;
        if (rows++ == 0) { /* the header: ?a ?b ... */
            for (k = 0; k < nc; k++)
                head[k] = cells[k] + (cells[k][0] == '?');
            n_head = nc;
            continue;
        }
        for (k = 0; k < nc && found < 2; k++)
            if ((iris[found] = cell_iri(cells[k])) != NULL)
                col = k, found++;
        if (found < 2)
            continue;
        kg_buf_clear(&pred);
        if (kg_buf_printf(&pred, "%s%s", KG_NS,
                          col < n_head ? head[col] : "link") < 0) {
            error = kg_error_set(err, KG_ENOMEM, "out of memory");
            break;
        }
        ts = kg_iri(iris[0]);
        tp = kg_iri(pred.ptr);
        to = kg_iri(iris[1]);
        if ((error = kg_triples_add(t, &ts, &tp, &to, NULL)) < 0)
            kg_error_set(err, error, "out of memory");
        for (k = 0; k < 2 && !error; k++) {
            error = kg_analyze_ego(t, n, iris[k], 0, 1, err);
            if (error == KG_ENOTFOUND) {
                kg_error_clear(err);
                error = 0;
            }
        }
    }
    if (!error && kg_triples_count(t) == 0)
        error = kg_error_set(err, KG_EINVALID,
                             "no row of the SELECT result has two IRIs to "
                             "draw as an edge");
    kg_network_free(n);
    kg_buf_dispose(&pred);
    free(data);
    return error;
}

/* Collect the triples to draw into 't'. */
static int gather(kg_triples *t, kg_graph *g, const viz_args *a,
                  kg_buf *focus, kg_error *err)
{
    kg_query_options opts = KG_QUERY_OPTIONS_INIT;
    kg_buf text = KG_BUF_INIT;
    kg_result *r = NULL;
    int error;

    if (a->entity) {
        kg_network *n = NULL;
        if ((error = kg_graph_resolve(focus, g, a->entity, err)) < 0)
            return error;
        /* the network (one query, ~0.8 s for 50,000 quads) is far faster
         * than kg_graph_neighbourhood around a hub (30 s in bench/viz);
         * an entity outside it (no event, no post) falls back to that */
        if ((error = kg_network_load(&n, g, err)) < 0)
            return error;
        error = kg_analyze_ego(t, n, focus->ptr, a->hops, a->max_nodes,
                               err);
        kg_network_free(n);
        if (error != KG_ENOTFOUND)
            return error;
        kg_error_clear(err);
        return kg_graph_neighbourhood(t, g, focus->ptr, a->hops,
                                      a->max_nodes, err);
    }
    if (a->timeline)
        return run_construct(t, g, timeline_query, err);
    if (a->overview) {
        if ((error = run_construct(t, g, overview_query, err)) < 0 ||
            (error = run_construct(t, g, posts_query, err)) < 0)
            return error;
        if ((error = run_construct(t, g, posts_org_query, err)) < 0)
            return error;
        return run_construct(t, g, org_state_query, err);
    }
    if ((error = kg_file_read(a->query, 0, &text, err)) == 0 &&
        (error = kg_graph_query(&r, g, text.ptr, &opts, err)) == 0) {
        if (kg_result_kind(r) == KG_QUERY_BINDINGS)
            error = select_edges(t, g, r, err);
        else if (kg_result_kind(r) != KG_QUERY_GRAPH)
            error = kg_error_set(err, KG_EINVALID,
                                 "the query must be a CONSTRUCT, DESCRIBE "
                                 "or SELECT query");
        else
            error = kg_result_triples(r, t, err);
    }
    if (error < 0 && err->where[0] == '\0')
        kg_error_locate(err, a->query, err->line, err->column);
    kg_result_free(r);
    kg_buf_dispose(&text);
    return error;
}

static int run(const viz_args *a, kg_viz_format fmt)
{
    kg_viz_options opts = KG_VIZ_OPTIONS_INIT;
    kg_buf focus = KG_BUF_INIT, out = KG_BUF_INIT;
    kg_triples *t = NULL;
    kg_graph *g = NULL;
    kg_ctx *ctx = NULL;
    kg_error err = {0};
    int rc;

    if (kg_ctx_new(&ctx, &err) < 0 || kg_triples_new(&t, &err) < 0) {
        rc = cli_error(&err);
        goto done;
    }
    if ((rc = cli_open_store(&g, ctx, a->spec, KG_OPEN_READONLY)) != 0)
        goto done;
    if (gather(t, g, a, &focus, &err) < 0) {
        rc = cli_error(&err);
        goto done;
    }
    opts.focus = focus.ptr;
    opts.title = a->title;
    opts.legend = a->legend;
    opts.clusters = a->clusters;
    opts.kind = a->timeline ? KG_VIZ_TIMELINE
                            : a->overview ? KG_VIZ_OVERVIEW : KG_VIZ_GRAPH;
    if (!opts.title && a->timeline)
        opts.title = "Timeline of events";
    if (!opts.title && a->overview)
        opts.title = "Relations overview: events shared between actors";
    if (strcmp(a->size_by, "none") != 0) {
        kg_buf prop = KG_BUF_INIT;
        int found;
        if (kg_buf_printf(&prop, "%s%s", KG_NS, a->size_by) < 0 ||
            (found = add_scores(t, g, prop.ptr, &err)) < 0) {
            kg_buf_dispose(&prop);
            rc = cli_error(&err);
            goto done;
        }
        if (found)
            opts.size_by = a->size_by[0] == 'p' ? KG_PAGERANK
                           : a->size_by[0] == 'b' ? KG_BETWEENNESS
                                                  : KG_DEGREE;
        kg_buf_dispose(&prop);
    }
    if (kg_viz_render(&out, ctx, t, &opts, fmt, &err) < 0) {
        rc = cli_error(&err);
        goto done;
    }
    rc = cli_write_file(a->output, &out);

done:
    kg_buf_dispose(&out);
    kg_buf_dispose(&focus);
    kg_triples_free(t);
    kg_graph_free(g);
    kg_ctx_free(ctx);
    return rc;
}

int cmd_viz(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"store", required_argument, NULL, 's'},
        {"entity", required_argument, NULL, 'e'},
        {"hops", required_argument, NULL, 'H'},
        {"max-nodes", required_argument, NULL, 'M'},
        {"query", required_argument, NULL, 'q'},
        {"format", required_argument, NULL, 'F'},
        {"output", required_argument, NULL, 'o'},
        {"title", required_argument, NULL, 'T'},
        {"no-legend", no_argument, NULL, 'n'},
        {"clusters", no_argument, NULL, 'C'},
        {"timeline", no_argument, NULL, 'L'},
        {"overview", no_argument, NULL, 'O'},
        {"size-by", required_argument, NULL, 'Z'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    viz_args a = {NULL, NULL, NULL, NULL, NULL, NULL, "pagerank",
                  1,    150,  1,    0,    0,    0};
    kg_viz_format fmt = KG_VIZ_SVG;
    const char *dot;
    int c;

    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "+s:e:q:F:o:h", longopts, NULL)) !=
           -1) {
        switch (c) {
        case 's': a.spec = optarg; break;
        case 'e': a.entity = optarg; break;
        case 'q': a.query = optarg; break;
        case 'F': a.format = optarg; break;
        case 'o': a.output = optarg; break;
        case 'T': a.title = optarg; break;
        case 'n': a.legend = 0; break;
        case 'C': a.clusters = 1; break;
        case 'L': a.timeline = 1; break;
        case 'O': a.overview = 1; break;
        case 'Z':
            if (strcmp(optarg, "pagerank") != 0 &&
                strcmp(optarg, "betweenness") != 0 &&
                strcmp(optarg, "degree") != 0 && strcmp(optarg, "none") != 0)
                return cli_usage("viz", "--size-by takes pagerank, "
                                        "betweenness, degree or none");
            a.size_by = optarg;
            break;
        case 'H':
            if (parse_int(optarg, 0, 10, &a.hops) < 0)
                return cli_usage("viz", "--hops takes a number from 0 to 10");
            break;
        case 'M':
            if (parse_int(optarg, 1, 100000, &a.max_nodes) < 0)
                return cli_usage("viz", "--max-nodes takes a number from 1 "
                                        "to 100000");
            break;
        case 'h': return cli_help(help);
        default:
            return cli_usage("viz", "unknown or incomplete option '%s'",
                             argv[optind - 1]);
        }
    }
    if (optind < argc)
        return cli_usage("viz", "unexpected argument '%s'", argv[optind]);
    if (!!a.entity + !!a.query + a.timeline + a.overview != 1)
        return cli_usage("viz", "give one of --entity, --query, --timeline "
                                "or --overview");
    if (!a.output)
        return cli_usage("viz", "give the output file with -o FILE");
    if (!a.format && (dot = strrchr(a.output, '.')) != NULL &&
        kg_viz_format_from_name(&fmt, dot + 1) == 0)
        ;
    else if (a.format && kg_viz_format_from_name(&fmt, a.format) < 0)
        return cli_usage("viz", "unknown format '%s' (svg, png, pdf, dot)",
                         a.format);
    return cli_finish(run(&a, fmt));
}
