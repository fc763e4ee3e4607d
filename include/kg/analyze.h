/*
 * kg/analyze.h -- network analysis of the entity/event graph (igraph).
 *
 * A kg_network is the graph of entities (people, organisations, states,
 * places) and events read from a store: its links are the role and
 * participation properties of events (kg:host, kg:guest, kg:participant,
 * schema:location...), org:memberOf and kg:state, and the org:member of a
 * post joined to the post's organisation and state. Every link carries the
 * date of its event and the article it comes from. Nodes are sorted by
 * IRI and links by (subject, relation, object), so everything made from a
 * network depends only on the store's contents.
 *
 * igraph keeps its error handler and random generator in globals: the
 * functions that call igraph run one at a time under a process-wide mutex.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef KG_ANALYZE_H
#define KG_ANALYZE_H

#include "common.h"
#include "graph.h"
#include "triples.h"
#include "vocab.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The named graph that holds the results of kg_analyze_store(). */
#define KG_ANALYSIS_GRAPH KG_ID "analysis"
#define KG_DEGREE KG_NS "degree"           /* xsd:integer: links */
#define KG_BETWEENNESS KG_NS "betweenness" /* xsd:double */
#define KG_PAGERANK KG_NS "pagerank"       /* xsd:double, sums to 1 */
#define KG_COMMUNITY KG_NS "community"     /* xsd:integer, from 1 */

typedef struct kg_network kg_network;

/**
 * Read the network of the store 'g' (results of an earlier analysis are
 * read too and kept as node attributes).
 * @return 0, KG_EQUERY, KG_ENOMEM.
 */
KG_EXTERN int kg_network_load(kg_network **out, kg_graph *g, kg_error *err);

/**
 * Build the network of the triples 't' (copied; 't' may be freed after).
 * @return 0 or KG_ENOMEM.
 */
KG_EXTERN int kg_network_from_triples(kg_network **out, const kg_triples *t,
                                      kg_error *err);

/** Free 'n'; NULL is a no-op. */
KG_EXTERN void kg_network_free(kg_network *n);

/** Number of nodes (entities and events) and of links. */
KG_EXTERN size_t kg_network_node_count(const kg_network *n);
KG_EXTERN size_t kg_network_link_count(const kg_network *n);

/**
 * Compute, per node, the degree (distinct neighbours), betweenness and
 * PageRank over the undirected simple graph, and communities (Louvain
 * multilevel, seeded: the same network gives the same communities,
 * numbered from 1 in node order), and append them to 'out' as triples
 * in graph KG_ANALYSIS_GRAPH.
 * @return 0, KG_ERROR (an igraph failure), KG_ENOMEM.
 */
KG_EXTERN int kg_analyze_run(kg_triples *out, const kg_network *n,
                             kg_error *err);

/**
 * Analyse the network of 'g' and replace graph KG_ANALYSIS_GRAPH with the
 * results; '*nodes_out' (may be NULL) gets the number of nodes analysed.
 * @return 0, KG_EQUERY, KG_EIO, KG_ERROR, KG_ENOMEM.
 */
KG_EXTERN int kg_analyze_store(kg_graph *g, size_t *nodes_out,
                               kg_error *err);

/**
 * Append to 'out' a text table of the 'top' entities (events left out)
 * of 'n' by stored PageRank (then IRI), with betweenness, degree,
 * community, label and IRI: 'n' must have been loaded after
 * kg_analyze_store(). Nothing is appended when no analysis is stored.
 * @return 0 or KG_ENOMEM.
 */
KG_EXTERN int kg_analyze_write_top(kg_buf *out, const kg_network *n,
                                   size_t top, kg_error *err);

/**
 * The shortest paths between the nodes 'from' and 'to' (IRIs), at most
 * 'max_paths' of them (in node order). Appends one line per path to
 * 'text' (labels joined by "-[relation]->" or "<-[relation]-"), and,
 * when 'diagram' is non-NULL, the links, types and labels of every node
 * on a path to 'diagram' for kg_viz_render().
 * @return the number of paths (> 0); KG_ENOTFOUND when 'from' or 'to'
 * is not in the network or no path joins them; KG_ERROR, KG_ENOMEM.
 */
KG_EXTERN int kg_analyze_paths(kg_buf *text, kg_triples *diagram,
                               const kg_network *n, const char *from,
                               const char *to, int max_paths,
                               kg_error *err);

/**
 * Append the network as GraphML to 'out': nodes with id, label, class and
 * type (and degree, betweenness, pagerank, community when an analysis was
 * stored), directed edges with relation, date and source; attributes
 * declared with <key>; all text XML-escaped. @return 0 or KG_ENOMEM.
 */
KG_EXTERN int kg_analyze_write_graphml(kg_buf *out, const kg_network *n,
                                       kg_error *err);

/**
 * Append to 'out' the ego network of 'iri': the nodes within 'hops' links
 * of it (breadth first, nearer nodes first, then in IRI order, at most
 * 'max_nodes' nodes) with their rdf:type, rdfs:label and start date, and
 * every link between two of them, for kg_viz_render().
 * @return 0; KG_ENOTFOUND when 'iri' is not in the network; KG_ENOMEM.
 */
KG_EXTERN int kg_analyze_ego(kg_triples *out, const kg_network *n,
                             const char *iri, int hops, int max_nodes,
                             kg_error *err);

/**
 * Append a link table (RFC 4180 CSV, CRLF line ends, header row) to
 * 'out': one row per link with both ends' id, label and type, the link
 * type, date and source article. @return 0 or KG_ENOMEM.
 */
KG_EXTERN int kg_analyze_write_i2csv(kg_buf *out, const kg_network *n,
                                     kg_error *err);

#ifdef __cplusplus
}
#endif
#endif
