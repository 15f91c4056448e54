// The version and commit, kept out of Swift so a new commit recompiles only this file and
// relinks: scripts/stamp.sh (run by scripts/package.sh and install.sh) writes stamp.h next to
// this file, and only when its contents change, so a build of the same commit is unchanged and
// reproducible (no dates, no paths). A plain `swift build` has no stamp.h and says so.
#include "CBuildInfo.h"

#if __has_include("stamp.h")
#include "stamp.h"
#endif

#ifndef AGENTLEDGER_VERSION
#define AGENTLEDGER_VERSION "unstamped"
#endif
#ifndef AGENTLEDGER_COMMIT
#define AGENTLEDGER_COMMIT ""
#endif

const char *agentledger_version(void) { return AGENTLEDGER_VERSION; }

const char *agentledger_commit(void) { return AGENTLEDGER_COMMIT; }
