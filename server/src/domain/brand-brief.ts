/** A brand project's structured brief (LogoKraft): what an image prompt for the brand must respect. */
export interface BrandBrief {
  brandName: string;
  industry: string;
  audience: string;
  tone: string[];
  styleWords: string[];
  colours: string[];
  dos: string[];
  donts: string[];
}

/** An image the user uploaded to show the look they want, stored cleaned (rotated upright, no metadata). */
export interface ProjectInspiration {
  blobKey: string;
  mediaType: string;
  width: number;
  height: number;
  byteSize: number;
  sha256: string;
}

/** The brief written out as image prompts, by a language model or the fixed template. */
export interface ProjectExpansion {
  source: 'llm' | 'template';
  label: string;
  prompts: string[];
  expandedAt: string;
}

export interface Project {
  id: string;
  userId: string;
  name: string;
  brief: BrandBrief;
  inspiration: ProjectInspiration | null;
  /** The brand the project's jobs are made with. */
  brandId: string;
  /** The prompts the brief was last expanded into, kept until the next expansion; null before the first. */
  expansion: ProjectExpansion | null;
  createdAt: string;
  updatedAt: string;
}
