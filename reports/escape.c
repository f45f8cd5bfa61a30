#include "render.h"

#include <ctype.h>

static const char replacement[] = "\xEF\xBF\xBD"; /* U+FFFD */

/* The length of the well-formed UTF-8 sequence at `p` that XML 1.0 allows
 * as a character (1 to 4), or 0: a stray continuation byte, a truncated or
 * overlong sequence, a surrogate, a code point above U+10FFFF, or U+FFFE /
 * U+FFFF.  Strings come from external simulators' logs and users' configs,
 * which may be Latin-1: one bad byte would make the whole XML document
 * unreadable, so it becomes U+FFFD instead. */
static int utf8_char(const unsigned char *p)
{
        if (p[0] < 0x80)
                return 1;
        int n;
        unsigned cp;
        if (p[0] >= 0xC2 && p[0] <= 0xDF) {
                n = 2;
                cp = p[0] & 0x1Fu;
        } else if (p[0] >= 0xE0 && p[0] <= 0xEF) {
                n = 3;
                cp = p[0] & 0x0Fu;
        } else if (p[0] >= 0xF0 && p[0] <= 0xF4) {
                n = 4;
                cp = p[0] & 0x07u;
        } else {
                return 0;
        }
        for (int i = 1; i < n; i++) {
                if ((p[i] & 0xC0) != 0x80) /* also stops at the terminating NUL */
                        return 0;
                cp = cp << 6 | (p[i] & 0x3Fu);
        }
        static const unsigned least[5] = {0, 0, 0x80, 0x800, 0x10000};
        if (cp < least[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFE ||
            cp == 0xFFFF)
                return 0;
        return n;
}

/* Copies the character at `p` (valid or not) and returns its length. */
static int put_char(struct rg_buf *out, const unsigned char *p)
{
        int n = utf8_char(p);
        if (n == 0) {
                rg_buf_puts(out, replacement);
                return 1;
        }
        rg_buf_put(out, (const char *)p, (size_t)n);
        return n;
}

void report_put_xml(struct rg_buf *out, const char *s)
{
        const unsigned char *p = (const unsigned char *)s;
        while (*p) {
                switch (*p) {
                case '&':
                        rg_buf_puts(out, "&amp;");
                        break;
                case '<':
                        rg_buf_puts(out, "&lt;");
                        break;
                case '>':
                        rg_buf_puts(out, "&gt;");
                        break;
                case '"':
                        rg_buf_puts(out, "&quot;");
                        break;
                case '\'':
                        rg_buf_puts(out, "&#39;");
                        break;
                default:
                        /* XML 1.0 has no way to write most control characters */
                        if (*p >= 0x20 || *p == '\t' || *p == '\n') {
                                p += put_char(out, p);
                                continue;
                        }
                }
                p++;
        }
}

/*
 * Besides the cell's own syntax (| and line breaks), everything that would
 * make inline Markdown out of report text is escaped, so that a reason or a
 * file name reads as it was written: backslash escapes for the ASCII
 * punctuation CommonMark gives a meaning inline (a ] only before ( or [,
 * the one place a bracket makes a link), entities for < > & (a
 * backslash does not stop raw HTML everywhere, and GitHub renders some).
 * `_` is left alone inside a word (use_orchestrator), where CommonMark never
 * reads it as emphasis.  Whatever starts a block (#, -, >) cannot start a
 * cell's or a label's text, so it needs nothing.
 */
void report_put_md_cell(struct rg_buf *out, const char *s)
{
        const unsigned char *p = (const unsigned char *)s;
        while (*p) {
                unsigned char c = *p;
                switch (c) {
                case '\\':
                case '|':
                case '*':
                case '`':
                case '~':
                        rg_buf_putc(out, '\\');
                        rg_buf_putc(out, (char)c);
                        break;
                case ']':
                        /* only "](" and "][" make a link or an image */
                        if (p[1] == '(' || p[1] == '[')
                                rg_buf_putc(out, '\\');
                        rg_buf_putc(out, ']');
                        break;
                case '_':
                        if (p > (const unsigned char *)s && isalnum(p[-1]) && isalnum(p[1]))
                                rg_buf_putc(out, '_');
                        else
                                rg_buf_puts(out, "\\_");
                        break;
                case '<':
                        rg_buf_puts(out, "&lt;");
                        break;
                case '>':
                        rg_buf_puts(out, "&gt;");
                        break;
                case '&':
                        rg_buf_puts(out, "&amp;");
                        break;
                case '\n':
                case '\r':
                        rg_buf_putc(out, ' ');
                        break;
                default:
                        if (c >= 0x20 || c == '\t') {
                                p += put_char(out, p);
                                continue;
                        }
                }
                p++;
        }
}
