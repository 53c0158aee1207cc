// Validates every document of the given Kubernetes manifests against the JSON schemas of its kind:
// Kubernetes' own (npm kubernetes-models, from the Kubernetes OpenAPI) and Strimzi's CRDs
// (npm @kubernetes-models/strimzi-kafka-operator). Prints one line per document; exits 1 on the
// first file with an invalid or unknown document, naming the file, the kind and the reason.
//   npm ci && node validate.mjs ../streams.yaml ../connect.yaml
import { readFileSync } from "node:fs";
import yaml from "js-yaml";
import { ConfigMap, Secret, Service } from "kubernetes-models/v1";
import { StatefulSet } from "kubernetes-models/apps/v1";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";
import { Role, RoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1";
import { KafkaConnect, KafkaConnector } from "@kubernetes-models/strimzi-kafka-operator/kafka.strimzi.io/v1beta2";

const kinds = {
  "v1/ConfigMap": ConfigMap,
  "v1/Secret": Secret,
  "v1/Service": Service,
  "apps/v1/StatefulSet": StatefulSet,
  "policy/v1/PodDisruptionBudget": PodDisruptionBudget,
  "rbac.authorization.k8s.io/v1/Role": Role,
  "rbac.authorization.k8s.io/v1/RoleBinding": RoleBinding,
  "kafka.strimzi.io/v1beta2/KafkaConnect": KafkaConnect,
  "kafka.strimzi.io/v1beta2/KafkaConnector": KafkaConnector,
};

let failed = false;
for (const file of process.argv.slice(2)) {
  const docs = yaml.loadAll(readFileSync(file, "utf8")).filter((d) => d);
  for (const doc of docs) {
    const kind = `${doc.apiVersion}/${doc.kind}`;
    const name = doc.metadata && doc.metadata.name;
    const Model = kinds[kind];
    if (!Model) {
      console.log(`${file}: ${kind} ${name}: INVALID: no schema for this kind here`);
      failed = true;
      continue;
    }
    try {
      new Model(doc).validate();
      console.log(`${file}: ${kind} ${name}: valid`);
    } catch (e) {
      console.log(`${file}: ${kind} ${name}: INVALID: ${e.message}`);
      failed = true;
    }
  }
}
process.exit(failed ? 1 : 0);
