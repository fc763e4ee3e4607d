/*
 * graphvar.h -- refuse GRAPH ?g where ?g may already be bound (graphvar.c).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef KG_GRAPH_GRAPHVAR_H
#define KG_GRAPH_GRAPHVAR_H

#include <librdf.h>

#include "kg/common.h"

/*
 * Parse 'text' with rasqal and refuse, with KG_EUNSUPPORTED and a message
 * naming the variable, a GRAPH ?g evaluated where ?g may already have a
 * value. Returns 0 (also when 'text' does not parse: that is reported
 * elsewhere), KG_EUNSUPPORTED or KG_ENOMEM.
 */
int kg_graph__check_graph_vars(librdf_world *w, const char *text,
                               librdf_uri *base, kg_error *err);

#endif
