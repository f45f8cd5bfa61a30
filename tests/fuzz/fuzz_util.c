#include "fuzz_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_contract.h"

void fuzz_require(int ok, const char *what)
{
        if (!ok)
                fuzz_breach(what);
}

int fuzz_temp_file(const uint8_t *data, size_t size, char *path, size_t cap)
{
        if (snprintf(path, cap, "/tmp/rg_fuzz_XXXXXX") >= (int)cap)
                return -1;
        int fd = mkstemp(path);
        if (fd < 0)
                return -1;
        size_t done = 0;
        while (done < size) {
                ssize_t n = write(fd, data + done, size - done);
                if (n <= 0)
                        break;
                done += (size_t)n;
        }
        if (close(fd) != 0 || done < size) {
                unlink(path);
                return -1;
        }
        return 0;
}

void fuzz_check_status(int rc, const struct rg_errbuf *eb)
{
        if (rc == RG_OK) {
                fuzz_require(eb->code == RG_OK && eb->msg[0] == '\0', "message without error");
                return;
        }
        fuzz_require(rc > RG_OK && rc < RG_ERROR_COUNT && eb->code == rc,
                     "error code not recorded");
        fuzz_require(fuzz_terminated(eb->msg, sizeof(eb->msg)), "message not terminated");
        fuzz_require(eb->msg[0] != '\0' && strchr(eb->msg, '\n') == NULL,
                     "message empty or not one line");
}
