// OpenSSL's libcrypto (Debian: libssl-dev), for the register's SHA-256 of imported files.
#include <openssl/sha.h>
