// LZ4's frame format (Debian: liblz4-dev), for the register's stored files: a province's
// household file kept in under a third of its size, and given back at gigabytes a second.
#include <lz4frame.h>
