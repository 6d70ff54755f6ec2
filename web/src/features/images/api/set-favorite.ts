import { unwrap, type LibraryImage, type LibraryPage } from '@brandgen/client';
import { mutationOptions, useMutation, useQueryClient, type InfiniteData, type QueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.ts';
import { libraryKey } from '../../library/api/list-images.ts';

/** PUT /api/images/{id}/favorite: stars or unstars an image and updates it wherever a library page holds it. */
export const toggleFavoriteMutationOptions = (queryClient: QueryClient) =>
  mutationOptions({
    mutationFn: (image: LibraryImage) =>
      unwrap(api.PUT('/api/images/{id}/favorite', { params: { path: { id: image.id } }, body: { favorite: !image.favorite } })),
    onSuccess: (updated) => {
      // The library cache holds infinite lists, plain pages (refinement children), arrays (a batch) and single images.
      const replace = (images: LibraryImage[]) => images.map((image) => (image.id === updated.id ? updated : image));
      queryClient.setQueriesData<InfiniteData<LibraryPage> | LibraryPage | LibraryImage[] | LibraryImage>(
        { queryKey: libraryKey },
        (data) => {
          if (!data) return data;
          if (Array.isArray(data)) return replace(data);
          if ('pages' in data) return { ...data, pages: data.pages.map((page) => ({ ...page, images: replace(page.images) })) };
          if ('images' in data) return { ...data, images: replace(data.images) };
          return data.id === updated.id ? updated : data;
        },
      );
      // Lists filtered by favorite now miss or hold one image too many.
      void queryClient.invalidateQueries({ queryKey: libraryKey, refetchType: 'none' });
    },
  });

export function useToggleFavorite() {
  return useMutation(toggleFavoriteMutationOptions(useQueryClient()));
}
