/** The first run's progress counts what Maven really downloaded, and names Maven's real repository (issue 16). */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DownloadProgress, mavenRepository } from '../src/db/embedded.js';

describe('first-run progress', () => {
  it('counts files and megabytes from Maven batch output, with or without the [INFO] prefix', () => {
    const p = new DownloadProgress();
    const lines = [
      '[INFO] Downloading from central: https://repo.maven.apache.org/maven2/org/neo4j/neo4j/5.26.30/neo4j-5.26.30.pom',
      '[INFO] Downloaded from central: https://repo.maven.apache.org/maven2/org/neo4j/neo4j/5.26.30/neo4j-5.26.30.pom (12 kB at 40 kB/s)',
      'Downloaded from central: https://repo.maven.apache.org/maven2/org/neo4j/neo4j-kernel/5.26.30/neo4j-kernel-5.26.30.jar (9.5 MB at 3.1 MB/s)',
      '[INFO] Downloaded from central: https://repo.maven.apache.org/maven2/x/y.jar (512 B at 2 kB/s)',
      '[INFO] BUILD SUCCESS',
    ];
    expect(lines.map((l) => p.line(l))).toEqual([false, true, true, true, false]);
    expect(p.files).toBe(3);
    expect(p.summary).toBe('3 files, 9.5 MB');
  });

  it('names the Maven repository Maven uses: -Dmaven.repo.local, then settings.xml, then ~/.m2/repository', () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'm2home-'));
    expect(mavenRepository({}, home)).toBe(path.join(home, '.m2', 'repository'));
    mkdirSync(path.join(home, '.m2'));
    writeFileSync(path.join(home, '.m2', 'settings.xml'), '<settings><localRepository>${user.home}/maven-jars</localRepository></settings>');
    expect(mavenRepository({}, home)).toBe(path.join(home, 'maven-jars'));
    expect(mavenRepository({ MAVEN_OPTS: '-Xmx1g -Dmaven.repo.local=/srv/m2' }, home)).toBe('/srv/m2');
    expect(mavenRepository({ MAVEN_ARGS: '-Dmaven.repo.local="/srv/with space"' }, home)).toBe('/srv/with space');
  });
});
