/*
 * kg/vocab.h -- the IRIs kg writes and reads, in one place.
 *
 * The vocabulary itself (labels, comments, subclass axioms, CAMEO codes)
 * is schemas/kg.ttl; the shapes the output is checked against are
 * schemas/shapes.ttl. kg reuses schema.org, W3C ORG, PROV-O, SKOS and NIF
 * and mints terms in KG_NS only where none of them fits.
 *
 * Identifiers are deterministic so that separately extracted articles merge
 * by plain loading:
 *   KG_ID "person/<slug>"  "state/<slug>"  "org/<slug>"  "place/<slug>"
 *   KG_ID "event/<date>-<type>-<slug>"   KG_ID "article/<sha256 prefix>"
 *   KG_ID "post/<hash>" (a membership)   KG_ID "role/<slug>"
 * Mentions and sentences are NIF strings "<article IRI>#char=<b>,<e>"
 * (code point offsets into the article text).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef KG_VOCAB_H
#define KG_VOCAB_H

#define KG_NS "https://w3id.org/kg/ns#"
#define KG_ID "https://w3id.org/kg/id/"

#define KG_NS_RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define KG_NS_RDFS "http://www.w3.org/2000/01/rdf-schema#"
#define KG_NS_XSD "http://www.w3.org/2001/XMLSchema#"
#define KG_NS_OWL "http://www.w3.org/2002/07/owl#"
#define KG_NS_SKOS "http://www.w3.org/2004/02/skos/core#"
#define KG_NS_SCHEMA "http://schema.org/"
#define KG_NS_ORG "http://www.w3.org/ns/org#"
#define KG_NS_PROV "http://www.w3.org/ns/prov#"
#define KG_NS_DCT "http://purl.org/dc/terms/"
#define KG_NS_NIF \
    "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
#define KG_NS_ITSRDF "http://www.w3.org/2005/11/its/rdf#"
#define KG_NS_WD "http://www.wikidata.org/entity/"

/* RDF, RDFS, OWL, XSD */
#define KG_RDF_TYPE KG_NS_RDF "type"
#define KG_RDFS_LABEL KG_NS_RDFS "label"
#define KG_OWL_SAMEAS KG_NS_OWL "sameAs"
#define KG_XSD_STRING KG_NS_XSD "string"
#define KG_XSD_INTEGER KG_NS_XSD "integer"
#define KG_XSD_DATE KG_NS_XSD "date"
#define KG_XSD_DATETIME KG_NS_XSD "dateTime"
#define KG_XSD_GYEARMONTH KG_NS_XSD "gYearMonth"
#define KG_XSD_GYEAR KG_NS_XSD "gYear"
#define KG_XSD_GMONTHDAY KG_NS_XSD "gMonthDay"
#define KG_SKOS_ALTLABEL KG_NS_SKOS "altLabel"
#define KG_SKOS_PREFLABEL KG_NS_SKOS "prefLabel"

/* Entity classes. Every entity also gets its base class:
 * Ministry etc. are also org:Organization; a State is also schema:Country. */
#define KG_CLASS_PERSON KG_NS_SCHEMA "Person"
#define KG_CLASS_STATE KG_NS "State"
#define KG_CLASS_COUNTRY KG_NS_SCHEMA "Country"
#define KG_CLASS_ORGANIZATION KG_NS_ORG "Organization"
#define KG_CLASS_PLACE KG_NS_SCHEMA "Place"
/* Organization subtypes: KG_NS + "Ministry", "Embassy", "Party",
 * "Legislature", "Agency", "Military", "Media", "International" */

/* Articles and provenance */
#define KG_CLASS_ARTICLE KG_NS_SCHEMA "NewsArticle"
#define KG_SCHEMA_HEADLINE KG_NS_SCHEMA "headline"
#define KG_SCHEMA_DATEPUBLISHED KG_NS_SCHEMA "datePublished"
#define KG_SOURCE_NAME KG_NS "sourceName"   /* literal: file name given */
#define KG_DIGEST KG_NS "sha256"            /* literal: hex digest of text */
#define KG_PROV_DERIVED KG_NS_PROV "wasDerivedFrom"

/* NIF mentions and sentences */
#define KG_NIF_CONTEXT KG_NS_NIF "Context"
#define KG_NIF_SENTENCE KG_NS_NIF "Sentence"
#define KG_NIF_PHRASE KG_NS_NIF "Phrase"
#define KG_NIF_BEGIN KG_NS_NIF "beginIndex"
#define KG_NIF_END KG_NS_NIF "endIndex"
#define KG_NIF_ANCHOR KG_NS_NIF "anchorOf"
#define KG_NIF_REFCONTEXT KG_NS_NIF "referenceContext"
#define KG_NIF_SENTENCE_OF KG_NS_NIF "sentence"
#define KG_ITS_IDENTREF KG_NS_ITSRDF "taIdentRef"
#define KG_CAPTION KG_NS "caption" /* boolean on a sentence from a caption */

/* Roles: W3C ORG membership pattern */
#define KG_CLASS_MEMBERSHIP KG_NS_ORG "Membership"
#define KG_CLASS_ROLE KG_NS_ORG "Role"
#define KG_ORG_MEMBER KG_NS_ORG "member"
#define KG_ORG_ORGANIZATION KG_NS_ORG "organization"
#define KG_ORG_ROLE KG_NS_ORG "role"
#define KG_ORG_MEMBEROF KG_NS_ORG "memberOf"
#define KG_TITLE KG_NS "title"       /* literal: the title as stated */
#define KG_STATE KG_NS "state"       /* the state a post belongs to */

/* Events: classes KG_NS + "Meeting", "Visit", "Reception", "Statement",
 * "Pledge", "Message", "Agreement", "Summit", "Deployment",
 * "Commemoration", "Forum", "Diplomatic"; all also schema:Event. */
#define KG_CLASS_EVENT KG_NS_SCHEMA "Event"
#define KG_EVENT_STATUS KG_NS "status" /* KG_NS "happened" | "planned" |
                                          "denied" | "hypothetical" */
#define KG_EVENT_DATE KG_NS_SCHEMA "startDate"
#define KG_EVENT_PLACE KG_NS_SCHEMA "location"
#define KG_EVENT_EVIDENCE KG_NS "evidence" /* -> a nif:Sentence */
#define KG_PARTICIPANT KG_NS "participant"
/* role properties, all rdfs:subPropertyOf kg:participant: KG_NS + "host",
 * "guest", "agent", "addressee", "attendee", "speaker", "subject" */

#endif
