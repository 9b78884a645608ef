import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import {
  deployedApps,
  envExampleVariables,
  type K8sObject,
  portPlan,
  readCompose,
  readManifests,
  schemaVariables,
  simVariables,
} from "./support/deploy-files";

// No Docker engine nor cluster runs where the tests run: the Dockerfiles, the compose file's apps, the Kubernetes
// manifests and .env.example are checked here against the apps themselves — their folders, their config schemas
// (imported from apps/<app>/src/config.ts) and the port plan of infra/ports.md.

const root = fileURLToPath(new URL("../../..", import.meta.url));
const read = (path: string) => readFileSync(join(root, path), "utf8");
const apps = deployedApps(root);
const services = apps.filter((app) => app.folder !== "platform-sim");
const plan = portPlan(root);
/** what each app may be given: its schema's variables (platform-sim: the ones it reads) */
const known = new Map<string, Set<string>>();

beforeAll(async () => {
  for (const app of services) known.set(app.folder, new Set(await schemaVariables(root, app.folder)));
  known.set("platform-sim", new Set(simVariables));
}, 120_000);

const internalPortOf = (folder: string) =>
  (plan.get(folder) ?? []).find((port) => port >= 9100 && port < 9200);

describe("the apps", () => {
  it("are the six services and platform-sim, each on its infra/ports.md port", () => {
    expect(apps.map((app) => app.folder).sort()).toEqual(
      [
        "gateway",
        "health-service",
        "oauth-service",
        "platform-sim",
        "publish-service",
        "token-service",
        "webhook-service",
      ].sort(),
    );
    for (const app of services) expect(app.port, app.folder).toBe(internalPortOf(app.folder));
    expect(plan.get("platform-sim")).toEqual([4010]);
  });
});

describe("Dockerfiles", () => {
  it("one per app: multi-stage, pnpm deploy --prod, non-root, a /healthz HEALTHCHECK, node with the tsx loader", () => {
    for (const app of apps) {
      const path = `apps/${app.folder}/Dockerfile`;
      expect(existsSync(join(root, path)), path).toBe(true);
      const text = read(path);
      expect(text.match(/^FROM /gm)?.length ?? 0, path).toBeGreaterThanOrEqual(2);
      expect(text, path).toContain(`pnpm --filter @postd/${app.folder} deploy --prod /out`);
      expect(text, path).toContain("--frozen-lockfile");
      expect(text, path).toMatch(/^USER node$/m);
      expect(text, path).not.toMatch(/^USER root/m);
      const healthcheck = /^HEALTHCHECK [\s\S]*?\/healthz[^\n]*$/m.exec(text)?.[0] ?? "";
      expect(healthcheck, path).toContain(String(app.port));
      expect(text, path).toMatch(/^CMD \["node", "--import", "tsx", "src\/main\.ts"\]$/m);
      const exposed = (/^EXPOSE (.+)$/m.exec(text)?.[1] ?? "").split(/\s+/).map(Number);
      expect(exposed.sort(), path).toEqual([...(plan.get(app.folder) ?? [])].sort());
      const pkg = JSON.parse(read(`apps/${app.folder}/package.json`));
      expect(pkg.dependencies?.tsx, `${app.folder}: tsx must be a production dependency`).toBe("catalog:");
      expect(pkg.scripts?.start, app.folder).toBe("tsx src/main.ts");
    }
  });

  it("build from a context that leaves secrets, dependencies and tests out", () => {
    const ignored = read(".dockerignore").split("\n");
    for (const pattern of ["**/node_modules", ".env", ".env.*", "!.env.example", ".git", "**/test"]) {
      expect(ignored, pattern).toContain(pattern);
    }
  });
});

describe("docker-compose.yml apps", () => {
  const compose = readCompose(root);

  it("has a service per app, built from its Dockerfile with the repository as context", () => {
    const built = Object.entries(compose.services).filter(([, service]) => service.build);
    expect(built.map(([name]) => name).sort()).toEqual(apps.map((app) => app.folder).sort());
    for (const [name, service] of built) {
      const context = join(root, service.build?.context ?? "");
      expect(existsSync(context), name).toBe(true);
      expect(existsSync(join(context, service.build?.dockerfile ?? "")), name).toBe(true);
      expect(service.build?.dockerfile).toBe(`apps/${name}/Dockerfile`);
      expect(service.profiles, name).toEqual(["apps"]);
    }
  });

  it("passes each app only variables its config schema knows, with its internal port", () => {
    for (const app of apps) {
      const service = compose.services[app.folder];
      const environment = Object.keys(service?.environment ?? {});
      const schema = known.get(app.folder) ?? new Set();
      expect(
        environment.filter((name) => !schema.has(name)),
        `${app.folder} gets variables its schema does not read`,
      ).toEqual([]);
      const port = app.folder === "platform-sim" ? "PLATFORM_SIM_PORT" : "INTERNAL_PORT";
      expect(service?.environment?.[port], app.folder).toBe(String(app.port));
    }
  });

  it("starts each service after healthy servers, with .env and a healthcheck on its internal port", () => {
    for (const app of services) {
      const service = compose.services[app.folder];
      expect(service?.env_file, app.folder).toEqual([{ path: ".env", required: false }]);
      for (const server of ["postgres", "redis", "nats"]) {
        expect(service?.depends_on?.[server]?.condition, `${app.folder} → ${server}`).toBe("service_healthy");
      }
      expect(service?.healthcheck?.test?.join(" "), app.folder).toMatch(/INTERNAL_PORT.*\/healthz/);
      expect(service?.environment?.DATABASE_URL, app.folder).toBe("postgres://postgres@postgres:5432/postd");
      expect(service?.environment?.NATS_URL, app.folder).toBe("nats://nats:4222");
    }
  });
});

describe(".env.example", () => {
  const { assigned, mentioned } = envExampleVariables(read(".env.example"));

  it("lists every variable of every app's config schema, each once", () => {
    for (const [app, variables] of known) {
      const missing = [...variables].filter((name) => !mentioned.includes(name) && !name.startsWith("SIM_"));
      expect(missing, `${app}'s variables missing from .env.example`).toEqual([]);
    }
    expect(assigned.filter((name, index) => assigned.indexOf(name) !== index)).toEqual([]);
  });

  it("sets nothing that no app, script or tool reads", () => {
    const everyKnown = new Set([...known.values()].flatMap((variables) => [...variables]));
    const tools = ["POSTD_PORT_OFFSET", "GRAFANA_ADMIN_PASSWORD", "POSTD_API_URL", "POSTD_API_KEY"];
    const unknown = mentioned.filter((name) => !everyKnown.has(name) && !tools.includes(name));
    expect(unknown.filter((name) => !name.startsWith("TEST_"))).toEqual([]);
    // never a per-app variable: one .env serves every app
    expect(assigned).not.toContain("INTERNAL_PORT");
  });
});

describe("infra/k8s manifests", () => {
  const manifests = readManifests(root);
  const objects = manifests.map((manifest) => manifest.object);
  const ofKind = (kind: string) => objects.filter((object) => object.kind === kind);
  const named = (kind: string, name: string) => ofKind(kind).find((object) => object.metadata.name === name);

  interface Container {
    name: string;
    image: string;
    ports: { name: string; containerPort: number }[];
    env?: { name: string; value?: string }[];
    envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
    livenessProbe?: { httpGet?: { path: string; port: string | number } };
    readinessProbe?: { httpGet?: { path: string; port: string | number } };
    resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  }
  const containerOf = (deployment: K8sObject) =>
    (deployment.spec as { template: { spec: { containers: Container[] } } }).template.spec.containers[0];

  it("parse, and every Deployment is one of the services", () => {
    expect(manifests.length).toBeGreaterThan(20);
    const deployments = ofKind("Deployment").map((object) => object.metadata.name);
    expect(deployments.sort()).toEqual(services.map((app) => app.folder).sort());
    const kustomization = read("infra/k8s/kustomization.yaml");
    for (const app of services) expect(kustomization, app.folder).toContain(`apps/${app.folder}.yaml`);
  });

  it("probe each app on its internal port: liveness /healthz, readiness /readyz; resources set", () => {
    for (const app of services) {
      const deployment = named("Deployment", app.folder);
      if (!deployment) throw new Error(`no Deployment ${app.folder}`);
      const container = containerOf(deployment);
      if (!container) throw new Error(`no container in ${app.folder}`);
      expect(container.image).toBe(`postd/${app.folder}:latest`);
      const portOf = (port: string | number | undefined) =>
        typeof port === "number"
          ? port
          : container.ports.find((candidate) => candidate.name === port)?.containerPort;
      expect(container.livenessProbe?.httpGet?.path, app.folder).toBe("/healthz");
      expect(portOf(container.livenessProbe?.httpGet?.port), app.folder).toBe(app.port);
      expect(container.readinessProbe?.httpGet?.path, app.folder).toBe("/readyz");
      expect(portOf(container.readinessProbe?.httpGet?.port), app.folder).toBe(app.port);
      expect(container.ports.map((port) => port.containerPort).sort()).toEqual(
        [...(plan.get(app.folder) ?? [])].sort(),
      );
      expect(container.env?.find((variable) => variable.name === "INTERNAL_PORT")?.value).toBe(
        String(app.port),
      );
      expect(Object.keys(container.resources?.requests ?? {}).sort(), app.folder).toEqual(["cpu", "memory"]);
      expect(container.resources?.limits?.memory, app.folder).toBeDefined();
    }
  });

  it("give each app only ConfigMap and Secret keys its config schema knows", () => {
    for (const app of services) {
      const deployment = named("Deployment", app.folder);
      const container = deployment ? containerOf(deployment) : undefined;
      const schema = known.get(app.folder) ?? new Set();
      const keys: string[] = (container?.env ?? []).map((variable) => variable.name);
      for (const source of container?.envFrom ?? []) {
        const map = source.configMapRef ? named("ConfigMap", source.configMapRef.name) : undefined;
        const secret = source.secretRef ? named("Secret", source.secretRef.name) : undefined;
        const object = map ?? secret;
        if (!object)
          throw new Error(`${app.folder} mounts ${JSON.stringify(source)}, which no manifest defines`);
        keys.push(...Object.keys(object.data ?? {}), ...Object.keys(object.stringData ?? {}));
      }
      expect(
        keys.filter((key) => !schema.has(key)),
        `${app.folder} gets variables its schema does not read`,
      ).toEqual([]);
      for (const secret of ["DATABASE_URL"]) expect(keys, app.folder).toContain(secret);
    }
  });

  it("give each app a Service on its ports and a HorizontalPodAutoscaler on its Deployment", () => {
    for (const app of services) {
      const service = named("Service", app.folder) as {
        spec: { ports: { targetPort: string }[]; selector: object };
      } & K8sObject;
      expect(service, app.folder).toBeDefined();
      expect(service.spec.selector).toEqual({ "app.kubernetes.io/name": app.folder });
      expect(service.spec.ports.map((port) => port.targetPort)).toContain("internal");
      const hpa = named("HorizontalPodAutoscaler", app.folder) as
        | ({ spec: { scaleTargetRef: { kind: string; name: string }; minReplicas: number } } & K8sObject)
        | undefined;
      expect(hpa?.spec.scaleTargetRef, app.folder).toEqual({
        apiVersion: "apps/v1",
        kind: "Deployment",
        name: app.folder,
      });
      expect(hpa?.spec.minReplicas, app.folder).toBeGreaterThanOrEqual(2);
    }
  });

  it("run NATS as a cluster of three with JetStream, and the streams with three replicas", () => {
    const nats = named("StatefulSet", "nats") as ({ spec: { replicas: number } } & K8sObject) | undefined;
    expect(nats?.spec.replicas).toBe(3);
    const config = named("ConfigMap", "nats-config")?.data?.["nats.conf"] ?? "";
    expect(config).toMatch(/jetstream\s*\{/);
    expect(config.match(/nats:\/\/nats-\d\.nats-cluster\.postd\.svc:6222/g)).toHaveLength(3);
    expect(named("ConfigMap", "postd-common")?.data?.NATS_STREAM_REPLICAS).toBe("3");
  });
});
