#!/bin/sh
# Regenerates the test PKI (run from this directory). Certificates are valid for 100 years so the
# tests do not depend on the date; none of these keys protect anything.
set -e
DAYS=36500
ca() { # name keyalg-args
  name=$1; shift
  openssl genpkey "$@" -out $name.key 2>/dev/null
  openssl req -x509 -new -key $name.key -out $name.pem -days $DAYS -subj "/CN=quic4j test $name" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
}
leaf() { # name ca eku san keyalg-args
  name=$1; issuer=$2; eku=$3; san=$4; shift 4
  openssl genpkey "$@" -out $name.key 2>/dev/null
  openssl req -new -key $name.key -out $name.csr -subj "/CN=quic4j test $name"
  printf "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=%s\nsubjectAltName=%s\n" \
    "$eku" "$san" > $name.ext
  openssl x509 -req -in $name.csr -CA $issuer.pem -CAkey $issuer.key -CAcreateserial -out $name.pem \
    -days $DAYS -extfile $name.ext 2>/dev/null
  rm -f $name.csr $name.ext
}
EC="-algorithm EC -pkeyopt ec_paramgen_curve:P-256"
ca ca $EC
ca rsa-ca -algorithm RSA -pkeyopt rsa_keygen_bits:2048
ca other-ca $EC
SAN="DNS:localhost,IP:127.0.0.1"
leaf server-ecdsa ca serverAuth "$SAN" $EC
leaf server-p384 ca serverAuth "$SAN" -algorithm EC -pkeyopt ec_paramgen_curve:P-384
leaf server-rsa rsa-ca serverAuth "$SAN" -algorithm RSA -pkeyopt rsa_keygen_bits:2048
leaf server-ed25519 ca serverAuth "$SAN" -algorithm ED25519
leaf server-untrusted other-ca serverAuth "$SAN" $EC
leaf client-ecdsa ca clientAuth "DNS:client.test" $EC
leaf server-wildcard ca serverAuth "DNS:*.example.test,IP:::1" $EC
cat ca.pem rsa-ca.pem > trusted.pem
rm -f *.srl
