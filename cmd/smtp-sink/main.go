// Command smtp-sink accepts mail over SMTP on loopback, counts it and
// throws it away: the local SMTP server the load test (make load) sends
// Priemna's letters to. GET / on --http answers the number received.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
)

var received atomic.Int64

func main() {
	addr := flag.String("addr", "127.0.0.1:2525", "SMTP address to listen on")
	httpAddr := flag.String("http", "127.0.0.1:2526", "address answering GET / with the number of messages received")
	flag.Parse()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	go func() {
		log.Fatal(http.ListenAndServe(*httpAddr, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			fmt.Fprintln(w, received.Load())
		})))
	}()
	for {
		c, err := ln.Accept()
		if err != nil {
			log.Fatal(err)
		}
		go serve(c)
	}
}

// serve speaks just enough SMTP for a client without TLS or AUTH.
func serve(c net.Conn) {
	defer c.Close()
	r, w := bufio.NewReader(c), bufio.NewWriter(c)
	reply := func(s string) bool {
		w.WriteString(s + "\r\n")
		return w.Flush() == nil
	}
	if !reply("220 sink ready") {
		return
	}
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		verb := strings.ToUpper(strings.TrimSpace(line))
		if i := strings.IndexByte(verb, ' '); i > 0 {
			verb = verb[:i]
		}
		switch verb {
		case "EHLO", "HELO":
			reply("250-sink\r\n250-8BITMIME\r\n250 SMTPUTF8")
		case "DATA":
			reply("354 end with <CRLF>.<CRLF>")
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" || l == ".\n" {
					break
				}
			}
			received.Add(1)
			reply("250 queued")
		case "QUIT":
			reply("221 bye")
			return
		default: // MAIL, RCPT, RSET, NOOP
			reply("250 ok")
		}
	}
}
