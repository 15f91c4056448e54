#ifndef AGENTLEDGER_CBUILDINFO_H
#define AGENTLEDGER_CBUILDINFO_H

// The version and commit this build was made from, stamped by scripts/stamp.sh.

/// The release version (the top-level VERSION file), or "unstamped".
const char *agentledger_version(void);

/// The full commit id the build was made from (with "-dirty" when the tree had changes), or "".
const char *agentledger_commit(void);

#endif
