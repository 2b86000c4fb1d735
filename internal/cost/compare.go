package cost

// Scenario is the same stack with a different egress design.
type Scenario struct {
	Key     string  `json:"key"`
	Monthly float64 `json:"monthly_usd"`
	// Viable is false where the Bridge cannot run: it must reach api.basemachina.com, which no
	// VPC endpoint provides.
	Viable bool `json:"viable"`
}

// The interface endpoints the existing public modules create for image pulls and logs.
const comparedEndpoints = 3 // ecr.api, ecr.dkr, logs

// The NAT instance modules/network creates by default.
const (
	natInstanceType     = "t4g.nano"
	natInstanceVolumeGB = 8
)

// Compare prices the plan's stack with each egress design: one NAT, one NAT plus the ECR and Logs
// endpoints, a NAT per AZ, and endpoints without NAT (shown to refute it, not to recommend it).
// A region without prices has no scenarios.
func Compare(e *Estimate) []Scenario {
	p := Prices()
	r, ok := p.Regions[e.Region]
	if !ok || !e.Available() {
		return nil
	}
	h := p.HoursPerMonth
	base := 0.0
	for _, l := range e.Lines {
		switch l.Type {
		case "aws_nat_gateway", "aws_eip", "aws_autoscaling_group":
			continue // NAT gateways, the NAT instance and their addresses are what the scenarios vary
		case "aws_vpc_endpoint":
			continue
		}
		base += l.Monthly
	}
	a := e.Assumptions
	// Every scenario carries the same traffic as the total: the NAT gateways together process
	// NATGB whatever their number, and each compared endpoint processes EndpointGB.
	nat := round2(r.NATHour*h) + round2(r.PublicIPv4Hour*h)
	natTraffic := round2(a.NATGB * r.NATGB)
	endpoints := float64(comparedEndpoints) * (round2(float64(e.AZs)*r.InterfaceEndpointAZHour*h) + round2(a.EndpointGB*r.InterfaceEndpointGB))
	// The NAT instance of modules/network (nat_mode = "instance"): its default type and root volume.
	natInstance := round2(r.EC2InstanceHour[natInstanceType]*h) + round2(natInstanceVolumeGB*r.EBSGP3GBMonth) + round2(r.PublicIPv4Hour*h)
	return []Scenario{
		{Key: "nat_instance", Monthly: round2(base + natInstance), Viable: true},
		{Key: "nat_single", Monthly: round2(base + nat + natTraffic), Viable: true},
		{Key: "nat_single_plus_endpoints", Monthly: round2(base + nat + natTraffic + endpoints), Viable: true},
		{Key: "nat_per_az", Monthly: round2(base + float64(e.AZs)*nat + natTraffic), Viable: true},
		{Key: "endpoints_without_nat", Monthly: round2(base + endpoints), Viable: false},
	}
}
