#!/bin/sh
# Regenerates the test certificates (see README.md). 100-year validity.
set -eu
cd "$(dirname "$0")"
days=36500
san="subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1"
for ca in ca other-ca; do
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
    -keyout "$ca-key.pem" -out "$ca.pem" -days $days \
    -subj "/O=ShareDesk Tests/CN=ShareDesk Test CA ($ca)" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
done
for pair in "server ca" "other-server other-ca"; do
  set -- $pair
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
    -keyout "$1-key.pem" -out "$1.csr" -subj "/O=ShareDesk Tests/CN=localhost"
  printf '%s\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n' "$san" > "$1.ext"
  openssl x509 -req -in "$1.csr" -CA "$2.pem" -CAkey "$2-key.pem" -CAcreateserial \
    -out "$1.pem" -days $days -extfile "$1.ext"
  rm -f "$1.csr" "$1.ext"
done
rm -f ./*.srl
