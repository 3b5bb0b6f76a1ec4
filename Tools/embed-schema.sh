#!/usr/bin/env bash
# Writes Sources/Criteria/Loading/ShippedSchema.swift from Criteria/khuyenhoc-criteria.xsd.
# Run it after editing the schema; a test (ShippedSchemaTests) fails while the two differ.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
XSD="$ROOT/Criteria/khuyenhoc-criteria.xsd"
OUT="$ROOT/Sources/Criteria/Loading/ShippedSchema.swift"
if grep -q '"""#' "$XSD"; then echo "embed-schema.sh: the schema contains \"\"\"#, which ends a raw string" >&2; exit 1; fi
{
  cat <<'HEAD'
// Written by Tools/embed-schema.sh from Criteria/khuyenhoc-criteria.xsd; do not edit by hand.

/// The criteria schema built into the program. Every criteria file is validated against it,
/// never against a schema file found on disk: a schema travels with criteria folders by e-mail
/// and USB stick, and a hostile one could make libxml2 read local files or reach the network
/// (external entities, `xs:include` of a URL). `Criteria/khuyenhoc-criteria.xsd` is the same
/// text, kept for editors and validators; a test keeps the two identical.
enum ShippedSchema {
    static let text = #"""
HEAD
  cat "$XSD"
  printf '"""#\n}\n'
} > "$OUT"
echo "wrote $OUT"
