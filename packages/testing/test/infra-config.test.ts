import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

// No Docker engine (nor compose) runs where the tests run, so the compose file and the configs it mounts are
// checked here: they parse, and they agree with the port plan of infra/ports.md.

const root = fileURLToPath(new URL("../../..", import.meta.url));
const read = (path: string) => readFileSync(`${root}${path}`, "utf8");
// merge keys (`<<: *anchor`) resolved, as compose resolves them
const readYaml = (path: string) => parse(read(path), { merge: true }) as Record<string, unknown>;

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  ports?: string[];
  volumes?: string[];
  healthcheck?: { test?: string[] };
  extra_hosts?: string[];
}

const compose = readYaml("docker-compose.yml") as { services: Record<string, ComposeService> };

/** `service → ports` from the tables of infra/ports.md. */
function portPlan(): Map<string, number[]> {
  const plan = new Map<string, number[]>();
  for (const line of read("infra/ports.md").split("\n")) {
    const match = /^\|\s*([a-z-]+)\s*\|\s*(\d+)\s*\|/.exec(line);
    if (!match?.[1] || !match[2]) continue;
    plan.set(match[1], [...(plan.get(match[1]) ?? []), Number(match[2])]);
  }
  return plan;
}

describe("docker-compose.yml", () => {
  it("is compose-spec YAML with the servers POSTD needs and its apps, each with a healthcheck", () => {
    expect(compose).not.toHaveProperty("version");
    const servers = ["grafana", "jaeger", "nats", "otel-collector", "postgres", "prometheus", "redis"];
    const apps = [
      "gateway",
      "oauth-service",
      "token-service",
      "publish-service",
      "health-service",
      "webhook-service",
    ];
    expect(Object.keys(compose.services).sort()).toEqual([...servers, ...apps, "platform-sim"].sort());
    for (const [name, service] of Object.entries(compose.services)) {
      expect(service.image, name).toMatch(/^[\w./-]+:[\w.-]+$/);
      expect(service.healthcheck?.test?.length, `${name} healthcheck`).toBeGreaterThan(1);
      // the apps are built here (deploy-config.test.ts checks their Dockerfiles), the servers are pulled
      expect(service.build === undefined, name).toBe(servers.includes(name));
    }
  });

  it("publishes on loopback exactly the host ports of infra/ports.md", () => {
    const plan = portPlan();
    for (const [name, service] of Object.entries(compose.services)) {
      const published = (service.ports ?? []).map((mapping) => {
        const [host, hostPort] = mapping.split(":");
        expect(host, `${name} ${mapping}`).toBe("127.0.0.1");
        return Number(hostPort);
      });
      expect(published, name).toEqual(plan.get(name) ?? []);
    }
  });

  it("mounts only configuration files that exist", () => {
    for (const service of Object.values(compose.services)) {
      for (const volume of service.volumes ?? []) {
        const source = volume.split(":")[0] ?? "";
        // infra/grafana/dashboards arrives with the dashboards; compose creates the folder meanwhile
        if (source.startsWith("./") && source !== "./infra/grafana/dashboards") {
          expect(existsSync(`${root}${source.slice(2)}`), source).toBe(true);
        }
      }
    }
  });

  it("keeps Redis from evicting BullMQ's keys and NATS with JetStream", () => {
    expect(compose.services.redis?.command?.join(" ")).toContain("--maxmemory-policy noeviction");
    expect(compose.services.nats?.command).toContain("-js");
  });
});

describe("infra configs", () => {
  it("has Prometheus scrape every app's internal port through the host gateway", () => {
    const config = readYaml("infra/prometheus/prometheus.yml") as {
      scrape_configs: {
        job_name: string;
        static_configs: { targets: string[]; labels?: { service?: string } }[];
      }[];
    };
    const apps = config.scrape_configs.find((job) => job.job_name === "postd-apps");
    const scraped = (apps?.static_configs ?? []).map((entry) => [entry.labels?.service, entry.targets[0]]);
    const plan = portPlan();
    const internal = [...plan.entries()].flatMap(([service, ports]) =>
      ports
        .filter((port) => port >= 9100 && port < 9200)
        .map((port) => [service, `host.docker.internal:${port}`]),
    );
    expect(scraped).toEqual(internal);
    expect(internal).toHaveLength(6);
    expect(compose.services.prometheus?.extra_hosts).toContain("host.docker.internal:host-gateway");
  });

  it("wires the collector's pipelines to receivers and exporters it defines", () => {
    const config = readYaml("infra/otel-collector/config.yaml") as {
      receivers: object;
      processors: object;
      exporters: Record<string, { endpoint?: string }>;
      service: {
        pipelines: Record<string, { receivers: string[]; processors: string[]; exporters: string[] }>;
      };
    };
    for (const pipeline of Object.values(config.service.pipelines)) {
      for (const name of pipeline.receivers) expect(config.receivers).toHaveProperty(name);
      for (const name of pipeline.processors) expect(config.processors).toHaveProperty(name);
      for (const name of pipeline.exporters) expect(config.exporters).toHaveProperty([name]);
    }
    expect(config.exporters["otlp/jaeger"]?.endpoint).toBe("jaeger:4317");
  });

  it("provisions Grafana with the compose Prometheus and Jaeger", () => {
    const datasources = readYaml("infra/grafana/provisioning/datasources/datasources.yaml") as {
      datasources: { type: string; url: string }[];
    };
    expect(datasources.datasources.map((source) => [source.type, source.url])).toEqual([
      ["prometheus", "http://prometheus:9090"],
      ["jaeger", "http://jaeger:16686"],
    ]);
    const providers = readYaml("infra/grafana/provisioning/dashboards/dashboards.yaml") as {
      providers: { options: { path: string } }[];
    };
    expect(providers.providers[0]?.options.path).toBe("/var/lib/grafana/dashboards");
    expect(compose.services.grafana?.volumes).toContain(
      "./infra/grafana/dashboards:/var/lib/grafana/dashboards:ro",
    );
  });
});
