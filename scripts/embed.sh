#!/bin/sh
# Turns a file into a C array so the binary carries it (the RELAX NG schema).
# usage: embed.sh SYMBOL FILE
set -e
echo "#include <stddef.h>"
echo "const unsigned char $1[] = {"
od -An -v -tx1 "$2" | sed 's/ *\([0-9a-f][0-9a-f]\)/0x\1,/g'
echo "0x00 };"
echo "const size_t $1_len = sizeof $1 - 1;"
