package web

import "net/netip"

// clientKey is the per-address limits' key for a client address: an IPv4
// address as it is, an IPv6 address by its /64, the block one subscriber
// usually holds whole and may rotate through at will.
func clientKey(ip string) string {
	addr, err := netip.ParseAddr(ip)
	if err != nil {
		return ip
	}
	addr = addr.Unmap()
	if addr.Is4() {
		return addr.String()
	}
	p, err := addr.WithZone("").Prefix(64)
	if err != nil {
		return ip
	}
	return p.String()
}
