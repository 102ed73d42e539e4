package notify

import (
	"fmt"
	"strings"
)

// pick returns a chooser of the Chinese or the English of a text for
// lang: Chinese unless lang is "en", as in the interface.
func pick(lang string) func(zh, en string) string {
	return func(zh, en string) string {
		if lang == "en" {
			return en
		}
		return zh
	}
}

// text is a message's Markdown, written a line at a time.
type text struct{ strings.Builder }

func (b *text) line(format string, args ...any) { fmt.Fprintf(b, format+"\n", args...) }

// message is the text under subject, without its last line break.
func (b *text) message(subject string) Message {
	return Message{Subject: subject, Markdown: strings.TrimRight(b.String(), "\n")}
}
