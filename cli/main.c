/*
 * main.c -- kg: the command-line front end of libkg.
 *
 * A table maps subcommand names to cmd_<name>() functions. `kg help X`
 * and `kg X --help` print the same text. Only this file exits.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <string.h>

#include "cmd.h"

typedef struct command {
    const char *name;
    int (*fn)(int, char **);
    const char *summary;
} command;

static const command commands[] = {
    {"extract", cmd_extract, "read articles, write their facts as RDF or JSON"},
    {"load", cmd_load, "add articles or RDF files to the store"},
    {"query", cmd_query, "run a SPARQL query over the store"},
    {"update", cmd_update, "change the store with SPARQL Update"},
    {"remove", cmd_remove, "remove articles' facts from the store"},
    {"ask", cmd_ask, "run an analyst preset query by name"},
    {"viz", cmd_viz, "draw a diagram of an entity or a query result"},
    {"path", cmd_path, "shortest paths between two entities"},
    {"analyze", cmd_analyze, "centralities and communities into the store"},
    {"export", cmd_export, "the network as GraphML or an i2 CSV link table"},
    {"stats", cmd_stats, "count triples, articles, entities and events"},
    {"validate", cmd_validate, "check facts against the SHACL shapes"},
    {"serve", cmd_serve, "answer SPARQL over HTTP (SPARQL 1.1 Protocol)"},
};

static const char usage[] =
    "usage: kg <command> [options] [args]\n"
    "\n"
    "kg builds a knowledge graph of relations between states from news\n"
    "articles: people, ministries, states, places and events, with their\n"
    "sources, kept in an embedded RDF store and queried with SPARQL.\n"
    "\n"
    "Commands:\n";

static const char usage_tail[] =
    "\n"
    "Run 'kg help <command>' or 'kg <command> --help' for its options.\n"
    "\n"
    "Exit codes: 0 success (ASK true), 1 failure (bad input, missing store,\n"
    "I/O or query error), 2 usage error, 3 ASK answered false, 4 time\n"
    "limit passed (kg query --timeout).\n";

static int print_usage(FILE *fp)
{
    size_t i;

    fputs(usage, fp);
    for (i = 0; i < CLI_COUNT(commands); i++)
        fprintf(fp, "  %-9s %s\n", commands[i].name, commands[i].summary);
    fputs(usage_tail, fp);
    return fp == stdout ? cli_finish(CLI_OK) : CLI_USAGE;
}

static const command *find(const char *name)
{
    size_t i;

    for (i = 0; i < CLI_COUNT(commands); i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

int main(int argc, char **argv)
{
    const command *cmd;

    if (argc < 2)
        return print_usage(stderr);
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
        return print_usage(stdout);
    if (strcmp(argv[1], "--version") == 0) {
        printf("kg %s\n", kg_version());
        return cli_finish(CLI_OK);
    }
    if (strcmp(argv[1], "help") == 0) {
        char *help_argv[] = {NULL, "--help", NULL};
        if (argc < 3)
            return print_usage(stdout);
        if ((cmd = find(argv[2])) == NULL) {
            fprintf(stderr, "kg: '%s' is not a kg command; see 'kg help'.\n",
                    argv[2]);
            return CLI_USAGE;
        }
        help_argv[0] = argv[2];
        return cmd->fn(2, help_argv);
    }
    if ((cmd = find(argv[1])) == NULL) {
        fprintf(stderr, "kg: '%s' is not a kg command; see 'kg --help'.\n",
                argv[1]);
        return CLI_USAGE;
    }
    return cmd->fn(argc - 1, argv + 1);
}
