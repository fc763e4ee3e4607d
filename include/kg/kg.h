/*
 * kg/kg.h -- the whole public API of libkg.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef KG_KG_H
#define KG_KG_H

#include "common.h"
#include "ctx.h"
#include "triples.h"
#include "rdf.h"
#include "vocab.h"
#include "extract.h"
#include "graph.h"
#include "viz.h"
#include "analyze.h"
#include "shapes.h"
#include "serve.h"

#endif
