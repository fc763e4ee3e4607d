/*
 * render.c -- kg_viz_render: the model of model.c as a cgraph graph,
 * laid out and rendered by gvc.
 *
 * Graphviz keeps its error state in globals (the message callback set by
 * agseterrf, the error level, the error count), so the whole of a render
 * runs under one process-wide mutex: the callback collects Graphviz's
 * messages in a static log, from which the first "Error:" line goes into
 * the caller's kg_error. Nothing reaches stderr.
 *
 * The GVC_t is one per process, created on first use under that mutex
 * and never freed, not one per kg_ctx: the pango
 * text-layout plugin of Graphviz 2.42 keeps in a static variable a
 * pointer to a font name owned by the context that first measured text,
 * and reads it again in every later context, after gvFreeContext() has
 * freed it (a use after free as soon as a second kg_ctx renders). Renders
 * are serialised anyway, so sharing the context costs nothing.
 *
 * Every string that comes from the triples goes through escape.c before
 * it reaches an attribute: node labels are HTML-like labels (markup
 * escaped), tooltips and edge labels are escStrings (backslashes
 * protected), links are percent-encoded; cgraph quotes the attribute
 * values when it writes DOT. Node names are hashes of the terms, so no
 * article text is ever a DOT ID.
 * Nodes and edges are created in the model's sorted order, which makes
 * the DOT a function of the set of triples.
 *
 * KG_VIZ_DOT is the graph itself as written by agwrite (no layout run, a
 * "layout" attribute names the engine); the other formats come from
 * gvLayout and gvRenderData.
 *
 * SPDX-License-Identifier: MIT
 */
#include <assert.h>
#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cgraph.h>
#include <gvc.h>

#include <kg/viz.h>

#include "viz_int.h"

/* Labels in tooltips may be longer than on the node. */
#define TOOLTIP_MAX 400

static pthread_mutex_t gv_lock = PTHREAD_MUTEX_INITIALIZER;
static GVC_t *gv_shared; /* under gv_lock; lives until the process ends */
static char gv_log[1024]; /* Graphviz messages of the current render */
static size_t gv_log_len;

static int on_gv_message(char *text)
{
    size_t n = strlen(text), room = sizeof(gv_log) - 1 - gv_log_len;

    if (n > room)
        n = room;
    memcpy(gv_log + gv_log_len, text, n);
    gv_log_len += n;
    gv_log[gv_log_len] = '\0';
    return 0;
}

/* Copy the first error Graphviz reported into 'err' as one line. */
static int gv_error(kg_error *err, int code, const char *fallback)
{
    char line[200];
    const char *p = strstr(gv_log, "Error: ");
    size_t n = 0;

    if (!p)
        return kg_error_set(err, code, "graphviz: %s", fallback);
    for (p += 7; *p && *p != '\n' && n + 1 < sizeof(line); p++)
        line[n++] = ((unsigned char)*p < 0x20) ? ' ' : *p;
    while (n > 0 && line[n - 1] == ' ')
        n--;
    line[n] = '\0';
    return kg_error_set(err, code, "graphviz: %s", line);
}

/*
 * Set '*out' to the format named 'name' ("svg", "png", "pdf", "dot",
 * lower case). Returns 0, or KG_EINVALID ('*out' unchanged) for any other
 * name or NULL.
 */
int kg_viz_format_from_name(kg_viz_format *out, const char *name)
{
    static const struct {
        const char *name;
        kg_viz_format fmt;
    } names[] = {{"svg", KG_VIZ_SVG}, {"png", KG_VIZ_PNG},
                 {"pdf", KG_VIZ_PDF}, {"dot", KG_VIZ_DOT}};
    size_t i;

    assert(out);
    for (i = 0; name && i < KG_ARRAY_SIZE(names); i++) {
        if (strcmp(name, names[i].name) == 0) {
            *out = names[i].fmt;
            return 0;
        }
    }
    return KG_EINVALID;
}

static const char *format_name(kg_viz_format fmt)
{
    switch (fmt) {
    case KG_VIZ_SVG: return "svg";
    case KG_VIZ_PNG: return "png";
    case KG_VIZ_PDF: return "pdf";
    case KG_VIZ_DOT: return "dot";
    }
    return NULL;
}

static int has_plugin(GVC_t *gvc, const char *kind, const char *name)
{
    char **list;
    int i, n = 0, found = 0;

    if ((list = gvPluginList(gvc, kind, &n, NULL)) == NULL)
        return 0;
    for (i = 0; i < n; i++) {
        if (list[i] && strcmp(list[i], name) == 0)
            found = 1;
        free(list[i]);
    }
    free(list);
    return found;
}

/* ---- building the graph ---------------------------------------------- */

typedef struct builder {
    Agraph_t *g;
    const kg_viz__model *m;
    int kind;        /* kg_viz_kind */
    double max_score; /* largest node score, 0 when none */
    size_t max_weight; /* heaviest overview edge */
    kg_buf tmp;      /* scratch for one attribute value */
    kg_buf tmp2;     /* scratch for text before it is escaped */
    kg_error *err;
} builder;

/* cgraph copies 'value'; its API is not const-correct, hence the casts. */
static void set(void *obj, const char *name, const char *value)
{
    agsafeset(obj, (char *)name, (char *)value, "");
}

static int set_html(builder *b, void *obj, const char *name,
                    const char *html)
{
    Agsym_t *sym;
    char *h;

    if ((sym = agattr(b->g, AGTYPE(obj), (char *)name, "")) == NULL ||
        (h = agstrdup_html(b->g, (char *)html)) == NULL)
        return kg_error_set(b->err, KG_ERROR, "graphviz: cannot set %s",
                            name);
    agxset(obj, sym, h);
    agstrfree(b->g, h);
    return 0;
}

static int is_web_iri(const char *s)
{
    return strncmp(s, "http://", 7) == 0 || strncmp(s, "https://", 8) == 0;
}

/* The node's visible name: its label, else the IRI's local name. */
static int put_name(kg_buf *out, const kg_viz__node *n, size_t max,
                    int (*esc)(kg_buf *, const char *, size_t))
{
    kg_buf local = KG_BUF_INIT;
    const char *s;
    size_t len;
    int error;

    if (n->label && *n->label)
        return esc(out, n->label, max);
    if (n->blank && (error = kg_buf_puts(out, "_:")) < 0)
        return error;
    s = n->blank ? n->id : kg_viz__local_name(n->id, &len);
    if (n->blank)
        len = strlen(s);
    if ((error = kg_buf_put(&local, s, len)) == 0)
        error = esc(out, local.ptr ? local.ptr : "", max);
    kg_buf_dispose(&local);
    return error;
}

static int add_node(builder *b, const kg_viz__node *n, Agnode_t **out)
{
    const kg_viz__class *c = &kg_viz__classes[n->cls];
    const char *href = NULL;
    Agnode_t *node;
    int error;

    if ((node = agnode(b->g, (char *)n->name, 1)) == NULL)
        return kg_error_set(b->err, KG_ERROR, "graphviz: cannot add node");
    *out = node;

    kg_buf_clear(&b->tmp);
    if ((n->focus && (error = kg_buf_puts(&b->tmp, "<B>")) < 0) ||
        (error = put_name(&b->tmp, n, KG_VIZ_LABEL_MAX, kg_viz__html)) < 0 ||
        (n->focus && (error = kg_buf_puts(&b->tmp, "</B>")) < 0))
        return error;
    if (n->date && *n->date &&
        ((error = kg_buf_puts(&b->tmp, "<BR/><FONT POINT-SIZE=\"8\">")) < 0 ||
         (error = kg_viz__html(&b->tmp, n->date, 32)) < 0 ||
         (error = kg_buf_puts(&b->tmp, "</FONT>")) < 0))
        return error;
    if ((error = set_html(b, node, "label", b->tmp.ptr)) < 0)
        return error;

    set(node, "shape", c->shape);
    set(node, "fillcolor", c->fill);
    if (b->max_score > 0 && n->score >= 0) {
        /* the area of the text grows with the score */
        char size[32];
        snprintf(size, sizeof(size), "%.1f",
                 9.0 + 19.0 * sqrt(n->score / b->max_score));
        set(node, "fontsize", size);
    }
    set(node, "class", n->focus ? "kg-focus" : c->css);
    if (n->focus) {
        set(node, "penwidth", "3");
        set(node, "color", "#c00000");
    }

    kg_buf_clear(&b->tmp);
    if ((error = put_name(&b->tmp, n, TOOLTIP_MAX, kg_viz__tooltip)) < 0 ||
        (error = kg_buf_printf(&b->tmp, " (%s)\\n", c->name)) < 0 ||
        (error = kg_buf_puts(&b->tmp, n->blank ? "_:" : "")) < 0 ||
        (error = kg_viz__tooltip(&b->tmp, n->id, 0)) < 0)
        return error;
    set(node, "tooltip", b->tmp.ptr);

    /* Links only to the web: no javascript: or file: IRI from a store. */
    if (n->url && is_web_iri(n->url))
        href = n->url;
    else if (!n->blank && is_web_iri(n->id))
        href = n->id;
    if (href) {
        kg_buf_clear(&b->tmp);
        if ((error = kg_viz__url(&b->tmp, href)) < 0)
            return error;
        set(node, "URL", b->tmp.ptr);
        set(node, "target", "_top");
    }
    return 0;
}

/* The attribute for drawn edge labels. A timeline has flat edges (both
 * ends in one month's rank) and an overview's clusters make them too:
 * dot in Graphviz 2.42/2.43 frees the virtual nodes of labelled flat
 * edges twice in gvFreeLayout (caught by ASan), so those diagrams use
 * external labels, placed after layout with no virtual node. */
static const char *edge_label_attr(const builder *b)
{
    return b->kind == KG_VIZ_GRAPH ? "label" : "xlabel";
}

/* Large graphs name the relation in the edge's tooltip instead of a
 * drawn label: a thousand labels make a force-directed layout unreadable
 * and slow (each is measured and placed). */
static int add_edge(builder *b, Agnode_t *s, Agnode_t *o,
                    const kg_viz__edge *me, int drawn, Agedge_t **out)
{
    const char *local, *text, *pred = me->pred;
    size_t len;
    Agedge_t *e;
    int error;

    if ((e = agedge(b->g, s, o, NULL, 1)) == NULL)
        return kg_error_set(b->err, KG_ERROR, "graphviz: cannot add edge");
    *out = e;
    if (!pred) {
        /* an overview edge: events shared by two actors */
        char v[64];
        snprintf(v, sizeof(v), "%.2f",
                 1.0 + 7.0 * (double)me->weight /
                           (double)(b->max_weight ? b->max_weight : 1));
        set(e, "penwidth", v);
        set(e, "dir", "none");
        snprintf(v, sizeof(v), "%zu", me->weight);
        set(e, "weight", v);
        if (drawn)
            set(e, "xlabel", v); /* see edge_label_attr() */
        snprintf(v, sizeof(v), "%zu shared event%s", me->weight,
                 me->weight == 1 ? "" : "s");
        set(e, "tooltip", v);
        return 0;
    }
    kg_buf_clear(&b->tmp);
    kg_buf_clear(&b->tmp2);
    local = kg_viz__local_name(pred, &len);
    if ((error = kg_buf_put(&b->tmp2, local, len)) < 0)
        return error;
    text = b->tmp2.ptr ? b->tmp2.ptr : "";
    error = drawn ? kg_viz__esc(&b->tmp, text, KG_VIZ_LABEL_MAX)
                  : kg_viz__tooltip(&b->tmp, text, KG_VIZ_LABEL_MAX);
    if (error < 0)
        return error;
    set(e, drawn ? edge_label_attr(b) : "tooltip",
        b->tmp.ptr ? b->tmp.ptr : "");
    return 0;
}

static int add_legend(builder *b)
{
    const kg_viz__model *m = b->m;
    unsigned char present[64] = {0};
    Agnode_t *legend;
    size_t i;
    int error;

    assert(kg_viz__class_count <= sizeof(present));
    for (i = 0; i < m->n_nodes; i++)
        if (m->nodes[i].keep)
            present[m->nodes[i].cls] = 1;
    kg_buf_clear(&b->tmp);
    if ((error = kg_buf_puts(&b->tmp,
                             "<TABLE BORDER=\"0\" CELLBORDER=\"1\" "
                             "CELLSPACING=\"0\" CELLPADDING=\"4\">"
                             "<TR><TD COLSPAN=\"2\"><B>Legend</B></TD>"
                             "</TR>")) < 0)
        return error;
    for (i = 0; i < kg_viz__class_count; i++) {
        const kg_viz__class *c = &kg_viz__classes[i];
        if (!present[i])
            continue;
        if ((error = kg_buf_printf(&b->tmp,
                                   "<TR><TD BGCOLOR=\"%s\">%s</TD>"
                                   "<TD ALIGN=\"LEFT\">%s</TD></TR>",
                                   c->fill, c->shape, c->name)) < 0)
            return error;
    }
    if ((error = kg_buf_puts(&b->tmp, "</TABLE>")) < 0)
        return error;
    if ((legend = agnode(b->g, "legend", 1)) == NULL)
        return kg_error_set(b->err, KG_ERROR, "graphviz: cannot add node");
    set(legend, "shape", "plaintext");
    set(legend, "style", "");
    set(legend, "margin", "0");
    set(legend, "class", "kg-legend");
    return set_html(b, legend, "label", b->tmp.ptr);
}

/* One dot cluster per state that something belongs to: the state node
 * and its organisations and people. Created in node order. */
static int add_clusters(builder *b, Agnode_t **gnodes)
{
    const kg_viz__model *m = b->m;
    char name[40];
    size_t i, j;

    for (i = 0; i < m->n_nodes; i++) {
        Agraph_t *sub;
        if (!gnodes[i] || m->nodes[i].state != i + 1)
            continue;
        snprintf(name, sizeof(name), "cluster_%s", m->nodes[i].name);
        if ((sub = agsubg(b->g, name, 1)) == NULL)
            return kg_error_set(b->err, KG_ERROR,
                                "graphviz: cannot add a cluster");
        set(sub, "style", "rounded,dashed");
        set(sub, "color", "#c06040");
        set(sub, "label", "");
        for (j = 0; j < m->n_nodes; j++)
            if (gnodes[j] && m->nodes[j].state == i + 1 &&
                agsubnode(sub, gnodes[j], 1) == NULL)
                return kg_error_set(b->err, KG_ERROR,
                                    "graphviz: cannot add a cluster");
    }
    return 0;
}

/* The month of a date: "YYYY-MM" (or "YYYY") into 'key'; "~undated"
 * (sorting after every year) when there is no date of that form. */
static void month_of(char key[16], const char *date)
{
    size_t n;

    if (date && strlen(date) >= 4 && isdigit((unsigned char)date[0]) &&
        isdigit((unsigned char)date[1]) && isdigit((unsigned char)date[2]) &&
        isdigit((unsigned char)date[3])) {
        n = 4;
        if (date[4] == '-' && isdigit((unsigned char)date[5]) &&
            isdigit((unsigned char)date[6]))
            n = 7;
        memcpy(key, date, n);
        key[n] = '\0';
    } else {
        strcpy(key, "~undated");
    }
}

static int key_cmp(const void *a, const void *b)
{
    return strcmp(a, b);
}

/*
 * A timeline's columns: one rank per month, holding a month header, the
 * month's events and the participants first seen in that month; the
 * headers are chained left to right. '*column_out' gets each node's
 * column + 1 (0: none), to be freed by the caller.
 */
static int add_months(builder *b, Agnode_t **gnodes, size_t **column_out)
{
    const kg_viz__model *m = b->m;
    char(*keys)[16] = NULL;
    char name[48];
    size_t *column = NULL, i, j, nk = 0;
    Agraph_t **ranks = NULL;
    Agnode_t *prev = NULL;
    int error = 0;

    if ((keys = kg__calloc(m->n_nodes + 1, sizeof(*keys))) == NULL ||
        (column = kg__calloc(m->n_nodes + 1, sizeof(*column))) == NULL) {
        error = KG_ENOMEM;
        goto done;
    }
    for (i = 0; i < m->n_nodes; i++)
        if (gnodes[i] && kg_viz__is_event(&m->nodes[i]))
            month_of(keys[nk++], m->nodes[i].date);
    qsort(keys, nk, sizeof(*keys), key_cmp);
    for (i = 0, j = 0; i < nk; i++)
        if (j == 0 || strcmp(keys[j - 1], keys[i]) != 0)
            memmove(keys[j++], keys[i], sizeof(*keys));
    nk = j;
    /* events: their month; participants: the earliest of their events */
    for (i = 0; i < m->n_nodes; i++) {
        char key[16];
        char(*hit)[16];
        if (!gnodes[i] || !kg_viz__is_event(&m->nodes[i]))
            continue;
        month_of(key, m->nodes[i].date);
        hit = bsearch(key, keys, nk, sizeof(*keys), key_cmp);
        assert(hit);
        column[i] = (size_t)(hit - keys) + 1;
    }
    for (i = 0; i < m->n_edges; i++) {
        const kg_viz__edge *e = &m->edges[i];
        size_t ev = kg_viz__is_event(&m->nodes[e->s]) ? e->s : e->o,
               other = ev == e->s ? e->o : e->s;
        if (!gnodes[e->s] || !gnodes[e->o] || !column[ev] ||
            kg_viz__is_event(&m->nodes[other]))
            continue;
        if (!column[other] || column[ev] < column[other])
            column[other] = column[ev];
    }
    if ((ranks = kg__calloc(nk + 1, sizeof(*ranks))) == NULL) {
        error = KG_ENOMEM;
        goto done;
    }
    for (i = 0; i < nk; i++) {
        Agnode_t *head;
        Agedge_t *axis;
        snprintf(name, sizeof(name), "month_%zu", i);
        if ((ranks[i] = agsubg(b->g, name, 1)) == NULL ||
            (head = agnode(ranks[i], name, 1)) == NULL) {
            error = kg_error_set(b->err, KG_ERROR,
                                 "graphviz: cannot add a month");
            goto done;
        }
        set(ranks[i], "rank", "same");
        set(head, "shape", "box");
        set(head, "style", "filled,bold");
        set(head, "fillcolor", "#404040");
        set(head, "fontcolor", "#ffffff");
        set(head, "fontsize", "14");
        set(head, "class", "kg-month");
        set(head, "label", keys[i][0] == '~' ? "undated" : keys[i]);
        if (prev) {
            if ((axis = agedge(b->g, prev, head, NULL, 1)) == NULL) {
                error = kg_error_set(b->err, KG_ERROR,
                                     "graphviz: cannot add edge");
                goto done;
            }
            set(axis, "penwidth", "3");
            set(axis, "color", "#404040");
            set(axis, "weight", "100");
        }
        prev = head;
    }
    for (i = 0; i < m->n_nodes; i++)
        if (gnodes[i] && column[i] &&
            agsubnode(ranks[column[i] - 1], gnodes[i], 1) == NULL) {
            error = kg_error_set(b->err, KG_ERROR,
                                 "graphviz: cannot add a month");
            goto done;
        }

done:
    if (error == KG_ENOMEM)
        kg_error_set(b->err, error, "out of memory");
    kg__free(keys);
    kg__free(ranks);
    if (error < 0)
        kg__free(column);
    else
        *column_out = column;
    return error;
}

static int add_title(builder *b, const kg_viz_options *opts)
{
    const kg_viz__model *m = b->m;
    const kg_viz__node *focus = NULL;
    size_t i;
    int error;

    for (i = 0; i < m->n_nodes && !focus; i++)
        if (m->nodes[i].focus && m->nodes[i].keep)
            focus = &m->nodes[i];
    kg_buf_clear(&b->tmp);
    if (opts->title && *opts->title) {
        if ((error = kg_buf_puts(&b->tmp, "<B>")) < 0 ||
            (error = kg_viz__html(&b->tmp, opts->title, 120)) < 0 ||
            (error = kg_buf_puts(&b->tmp, "</B>")) < 0)
            return error;
    } else if (focus) {
        /* without a title, a diagram around an entity says whose it is */
        if ((error = kg_buf_puts(&b->tmp, "<B>Around ")) < 0 ||
            (error = put_name(&b->tmp, focus, KG_VIZ_LABEL_MAX,
                              kg_viz__html)) < 0 ||
            (error = kg_buf_puts(&b->tmp, "</B>")) < 0)
            return error;
    }
    if (m->kept_nodes < m->n_nodes &&
        (error = kg_buf_printf(
             &b->tmp,
             "%s<FONT POINT-SIZE=\"10\">showing %zu of %zu nodes and %zu of "
             "%zu edges: %zu least connected nodes left out</FONT>",
             b->tmp.size ? "<BR/>" : "", m->kept_nodes, m->n_nodes,
             m->kept_edges, m->n_edges, m->n_nodes - m->kept_nodes)) < 0)
        return error;
    if (m->undated &&
        (error = kg_buf_printf(&b->tmp,
                               "%s<FONT POINT-SIZE=\"10\">%zu undated "
                               "event%s not shown</FONT>",
                               b->tmp.size ? "<BR/>" : "", m->undated,
                               m->undated == 1 ? "" : "s")) < 0)
        return error;
    if (b->tmp.size == 0)
        return 0;
    set(b->g, "labelloc", "t");
    set(b->g, "fontsize", "16");
    return set_html(b, b->g, "label", b->tmp.ptr);
}

static int build(builder *b, const kg_viz_options *opts, const char *engine)
{
    const kg_viz__model *m = b->m;
    Agnode_t **gnodes = NULL;
    size_t *column = NULL;
    size_t i;
    int error = 0;

    for (i = 0; i < m->n_nodes; i++)
        if (m->nodes[i].keep && m->nodes[i].score > b->max_score)
            b->max_score = m->nodes[i].score;
    for (i = 0; i < m->n_edges; i++)
        if (m->edges[i].weight > b->max_weight)
            b->max_weight = m->edges[i].weight;
    if ((gnodes = kg__calloc(m->n_nodes, sizeof(*gnodes))) == NULL) {
        error = kg_error_set(b->err, KG_ENOMEM, "out of memory");
        goto done;
    }
    set(b->g, "layout", engine);
    set(b->g, "fontname", "Helvetica");
    if (strcmp(engine, "dot") == 0) {
        set(b->g, "rankdir", "LR");
        if (b->kind == KG_VIZ_TIMELINE) {
            set(b->g, "newrank", "true");
            set(b->g, "ranksep", "0.6");
        } else if (b->kind == KG_VIZ_OVERVIEW) {
            set(b->g, "rankdir", "TB");
        }
    } else {
        set(b->g, "overlap", "false");
        set(b->g, "outputorder", "edgesfirst");
    }
    agattr(b->g, AGNODE, "style", "filled");
    agattr(b->g, AGNODE, "fontname", "Helvetica");
    agattr(b->g, AGNODE, "fontsize", "10");
    agattr(b->g, AGNODE, "color", "#555555");
    agattr(b->g, AGEDGE, "fontname", "Helvetica");
    agattr(b->g, AGEDGE, "fontsize", "8");
    agattr(b->g, AGEDGE, "fontcolor", "#444444");
    agattr(b->g, AGEDGE, "color", "#777777");

    if ((error = add_title(b, opts)) < 0)
        goto done;
    for (i = 0; i < m->n_nodes; i++)
        if (m->nodes[i].keep &&
            (error = add_node(b, &m->nodes[i], &gnodes[i])) < 0)
            goto done;
    if (b->kind == KG_VIZ_TIMELINE && strcmp(engine, "dot") == 0 &&
        (error = add_months(b, gnodes, &column)) < 0)
        goto done;
    for (i = 0; i < m->n_edges; i++) {
        const kg_viz__edge *e = &m->edges[i];
        Agedge_t *ge = NULL;
        if (!gnodes[e->s] || !gnodes[e->o])
            continue;
        if ((error = add_edge(b, gnodes[e->s], gnodes[e->o], e,
                              m->kept_nodes <= KG_VIZ_DOT_MAX, &ge)) < 0)
            goto done;
        /* a timeline's columns come from the month chain alone */
        if (column && column[e->s] != column[e->o])
            set(ge, "constraint", "false");
    }
    if (((opts->clusters && strcmp(engine, "dot") == 0) ||
         (b->kind == KG_VIZ_OVERVIEW && strcmp(engine, "fdp") == 0)) &&
        (error = add_clusters(b, gnodes)) < 0)
        goto done;
    if (opts->legend)
        error = add_legend(b);

done:
    if (error == KG_ENOMEM)
        kg_error_set(b->err, KG_ENOMEM, "out of memory");
    kg__free(gnodes);
    kg__free(column);
    return error;
}

/* ---- output ---------------------------------------------------------- */

static int put_str(void *chan, const char *str)
{
    /* cgraph treats EOF as failure; the buffer records it in 'asize'. */
    return kg_buf_puts(chan, str) < 0 ? EOF : 0;
}

static int flush_nothing(void *chan)
{
    (void)chan;
    return 0;
}

static const char *pick_engine(GVC_t *gvc, size_t nodes, int kind)
{
    /* fdp draws clusters without dot's ranks: the overview's states */
    if (nodes <= KG_VIZ_DOT_MAX && kind == KG_VIZ_OVERVIEW &&
        has_plugin(gvc, "layout", "fdp"))
        return "fdp";
    if (nodes <= KG_VIZ_DOT_MAX)
        return "dot";
    return has_plugin(gvc, "layout", "sfdp") ? "sfdp" : "neato";
}

static int render_locked(kg_buf *out, GVC_t *gvc, const kg_viz__model *m,
                         const kg_viz_options *opts, kg_viz_format fmt,
                         kg_error *err)
{
    Agiodisc_t io;
    Agdisc_t disc;
    builder b;
    const char *engine, *fname = format_name(fmt);
    char *data = NULL;
    unsigned int len = 0;
    int laid_out = 0, error;
    size_t start = out->size;

    memset(&b, 0, sizeof(b));
    b.m = m;
    b.kind = opts->version >= 2 ? (int)opts->kind : KG_VIZ_GRAPH;
    b.err = err;
    io.afread = AgIoDisc.afread;
    io.putstr = put_str;
    io.flush = flush_nothing;
    disc.mem = &AgMemDisc;
    disc.id = &AgIdDisc;
    disc.io = &io;

    if (fmt != KG_VIZ_DOT && !has_plugin(gvc, "device", fname)) {
        error = kg_error_set(err, KG_EUNSUPPORTED,
                             "graphviz has no '%s' output plugin here",
                             fname);
        goto done;
    }
    engine = pick_engine(gvc, m->kept_nodes, b.kind);
    if ((b.g = agopen("kg", Agdirected, &disc)) == NULL) {
        error = gv_error(err, KG_ERROR, "cannot create a graph");
        goto done;
    }
    if ((error = build(&b, opts, engine)) < 0)
        goto done;

    if (fmt == KG_VIZ_DOT) {
        if (agwrite(b.g, out) != 0) {
            error = kg_error_set(err, KG_ENOMEM, "out of memory");
            goto done;
        }
    } else {
        if (gvLayout(gvc, b.g, engine) != 0) {
            error = gv_error(err, KG_ERROR, "layout failed");
            goto done;
        }
        laid_out = 1;
        if (gvRenderData(gvc, b.g, fname, &data, &len) != 0 || !data) {
            error = gv_error(err, KG_ERROR, "rendering failed");
            goto done;
        }
        if ((error = kg_buf_put(out, data, len)) < 0) {
            kg_error_set(err, error, "out of memory");
            goto done;
        }
    }
    error = 0;

done:
    if (error < 0 && out->ptr) {
        out->size = start;
        out->ptr[start] = '\0';
    }
    if (data)
        gvFreeRenderData(data);
    if (laid_out)
        gvFreeLayout(gvc, b.g);
    if (b.g)
        agclose(b.g);
    kg_buf_dispose(&b.tmp);
    kg_buf_dispose(&b.tmp2);
    return error;
}

/*
 * Append a diagram of 't' in 'fmt' to 'out' ('opts' may be NULL for the
 * defaults). Returns 0; KG_EINVALID when 't' has no node to draw or 'fmt'
 * is unknown; KG_EUNSUPPORTED when Graphviz has no plugin for 'fmt';
 * KG_ERROR with Graphviz's first error message in 'err'; KG_ENOMEM. On
 * failure 'out' keeps its previous contents. 't' is not modified. Safe to
 * call from several threads, each with its own 'ctx': renders run one at
 * a time.
 */
int kg_viz_render(kg_buf *out, kg_ctx *ctx, const kg_triples *t,
                  const kg_viz_options *opts, kg_viz_format fmt,
                  kg_error *err)
{
    static const kg_viz_options defaults = KG_VIZ_OPTIONS_INIT;
    kg_viz__model m;
    agusererrf old_errf;
    GVC_t *gvc;
    int error;

    assert(out && ctx && t);
    (void)ctx; /* see the file comment: Graphviz's context is shared */

    if (!opts)
        opts = &defaults;
    if (!format_name(fmt))
        return kg_error_set(err, KG_EINVALID, "unknown diagram format %d",
                            (int)fmt);
    memset(&m, 0, sizeof(m));
    if ((error = kg_viz__model_build_kind(
             &m, t, opts->focus, KG_VIZ_NODE_CAP,
             opts->version >= 2 ? opts->size_by : NULL,
             opts->version >= 2 ? (int)opts->kind : KG_VIZ_GRAPH, err)) < 0)
        return error;

    pthread_mutex_lock(&gv_lock);
    gv_log_len = 0;
    gv_log[0] = '\0';
    old_errf = agseterrf(on_gv_message);
    agreseterrors();
    if (!gv_shared)
        gv_shared = gvContext();
    if ((gvc = gv_shared) == NULL)
        error = gv_error(err, KG_ERROR, "cannot create a context");
    else
        error = render_locked(out, gvc, &m, opts, fmt, err);
    agseterrf(old_errf);
    pthread_mutex_unlock(&gv_lock);

    kg_viz__model_dispose(&m);
    return error;
}
