package moto

// ecsRefusals exercise checkCapacityProviders (ecs.go); TestTheFrontRefusesWhatAWSRefuses
// (refusals_test.go) runs them.
var ecsRefusals = []refusalCase{
	{name: "a Spot strategy on a cluster without FARGATE_SPOT", service: "ecs", target: ecsTarget + "CreateService",
		answers: map[string]string{"DescribeClusters": `{"clusters":[{"capacityProviders":["FARGATE"]}]}`},
		json:    `{"cluster":"c","serviceName":"s","capacityProviderStrategy":[{"capacityProvider":"FARGATE_SPOT","weight":1}]}`, refusal: "not associated with the cluster"},
	{name: "a Spot strategy on a cluster with it", service: "ecs", target: ecsTarget + "CreateService",
		answers: map[string]string{"DescribeClusters": `{"clusters":[{"capacityProviders":["FARGATE","FARGATE_SPOT"]}]}`},
		json:    `{"cluster":"c","serviceName":"s","capacityProviderStrategy":[{"capacityProvider":"FARGATE_SPOT","weight":1}]}`},
	{name: "an update moving a service to Spot on a cluster without FARGATE_SPOT", service: "ecs", target: ecsTarget + "UpdateService",
		answers: map[string]string{"DescribeClusters": `{"clusters":[{"capacityProviders":["FARGATE"]}]}`},
		json:    `{"cluster":"c","service":"s","capacityProviderStrategy":[{"capacityProvider":"FARGATE_SPOT","weight":1}]}`, refusal: "not associated with the cluster"},
}
