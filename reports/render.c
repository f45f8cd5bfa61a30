#include "render.h"

#include <string.h>

static const struct report_renderer_ops *const renderers[] = {
    &report_console_ops, &report_json_ops, &report_markdown_ops,
    &report_junit_ops,   &report_html_ops, &report_notification_ops,
};

const struct report_renderer_ops *report_renderer_find(const char *name)
{
        for (size_t i = 0; i < sizeof(renderers) / sizeof(renderers[0]); i++)
                if (strcmp(renderers[i]->name, name) == 0)
                        return renderers[i];
        return NULL;
}

const char *report_renderer_names(void)
{
        return "console|json|markdown|junit|html|notification";
}
