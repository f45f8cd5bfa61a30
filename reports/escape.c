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

/*
 * Both escapers walk the text the same way: a byte the escaper has words
 * for is replaced by them, any other character is copied whole, or as
 * U+FFFD when it is no valid UTF-8 (put_char).  An escaper sees the whole
 * string, because Markdown's _ and ] depend on their neighbours.
 */
typedef const char *escape_fn(const unsigned char *s, const unsigned char *p);

static void put_escaped(struct rg_buf *out, const char *s, escape_fn *escape)
{
        const unsigned char *start = (const unsigned char *)s, *p = start;
        while (*p) {
                const char *e = escape(start, p);
                if (e == NULL) {
                        p += put_char(out, p);
                } else {
                        rg_buf_puts(out, e);
                        p++;
                }
        }
}

/* The entities of the markup both formats share. */
static const char *entity(unsigned char c)
{
        switch (c) {
        case '&':
                return "&amp;";
        case '<':
                return "&lt;";
        case '>':
                return "&gt;";
        }
        return NULL;
}

static const char *xml_escape(const unsigned char *s, const unsigned char *p)
{
        (void)s;
        switch (*p) {
        case '&':
        case '<':
        case '>':
                return entity(*p);
        case '"':
                return "&quot;";
        case '\'':
                return "&#39;";
        case '\t':
        case '\n':
                return NULL;
        }
        /* XML 1.0 has no way to write most control characters */
        return *p < 0x20 ? "" : NULL;
}

void report_put_xml(struct rg_buf *out, const char *s)
{
        put_escaped(out, s, xml_escape);
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
static const char *md_cell_escape(const unsigned char *s, const unsigned char *p)
{
        switch (*p) {
        case '\\':
                return "\\\\";
        case '|':
                return "\\|";
        case '*':
                return "\\*";
        case '`':
                return "\\`";
        case '~':
                return "\\~";
        case ']':
                /* only "](" and "][" make a link or an image */
                return p[1] == '(' || p[1] == '[' ? "\\]" : "]";
        case '_':
                return p > s && isalnum(p[-1]) && isalnum(p[1]) ? "_" : "\\_";
        case '&':
        case '<':
        case '>':
                return entity(*p);
        case '\n':
        case '\r':
                return " ";
        case '\t':
                return NULL;
        }
        return *p < 0x20 ? "" : NULL;
}

void report_put_md_cell(struct rg_buf *out, const char *s)
{
        put_escaped(out, s, md_cell_escape);
}
