/*
 * event.c -- events stated in a sentence.
 *
 * SPDX-License-Identifier: MIT
 */
#include "doc_int.h"

int kg__find_events(kg_doc *doc, size_t sentence, const kg__vec *toks,
                    const kg__vec *spans)
{
    (void)doc;
    (void)sentence;
    (void)toks;
    (void)spans;
    return 0;
}
